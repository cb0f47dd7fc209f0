// The demo's cities and prefectures are the app's list (app/domain/competition/regions.ts).
export { sichuanRegions, type SichuanRegion } from "~/domain/competition/regions";
