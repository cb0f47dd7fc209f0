// Sichuan's 21 cities and prefectures (市州) with their administrative division codes (GB/T 2260):
// the delegations of a provincial competition, the region part of ID numbers, and the rows of the
// dashboard's "by region" table. A person's or delegation's six-digit code names a county or
// district; its first four digits + "00" name the city or prefecture it lies in.
export interface SichuanRegion {
  code: string;
  nameZh: string;
  nameEn: string;
  kind: "city" | "prefecture";
  /** A short English name where the full one is long (chart labels). */
  shortNameEn?: string;
}

export const sichuanRegions: readonly SichuanRegion[] = [
  { code: "510100", nameZh: "成都市", nameEn: "Chengdu", kind: "city" },
  { code: "510300", nameZh: "自贡市", nameEn: "Zigong", kind: "city" },
  { code: "510400", nameZh: "攀枝花市", nameEn: "Panzhihua", kind: "city" },
  { code: "510500", nameZh: "泸州市", nameEn: "Luzhou", kind: "city" },
  { code: "510600", nameZh: "德阳市", nameEn: "Deyang", kind: "city" },
  { code: "510700", nameZh: "绵阳市", nameEn: "Mianyang", kind: "city" },
  { code: "510800", nameZh: "广元市", nameEn: "Guangyuan", kind: "city" },
  { code: "510900", nameZh: "遂宁市", nameEn: "Suining", kind: "city" },
  { code: "511000", nameZh: "内江市", nameEn: "Neijiang", kind: "city" },
  { code: "511100", nameZh: "乐山市", nameEn: "Leshan", kind: "city" },
  { code: "511300", nameZh: "南充市", nameEn: "Nanchong", kind: "city" },
  { code: "511400", nameZh: "眉山市", nameEn: "Meishan", kind: "city" },
  { code: "511500", nameZh: "宜宾市", nameEn: "Yibin", kind: "city" },
  { code: "511600", nameZh: "广安市", nameEn: "Guang'an", kind: "city" },
  { code: "511700", nameZh: "达州市", nameEn: "Dazhou", kind: "city" },
  { code: "511800", nameZh: "雅安市", nameEn: "Ya'an", kind: "city" },
  { code: "511900", nameZh: "巴中市", nameEn: "Bazhong", kind: "city" },
  { code: "512000", nameZh: "资阳市", nameEn: "Ziyang", kind: "city" },
  { code: "513200", nameZh: "阿坝藏族羌族自治州", nameEn: "Ngawa Tibetan and Qiang Autonomous Prefecture", kind: "prefecture", shortNameEn: "Ngawa" },
  { code: "513300", nameZh: "甘孜藏族自治州", nameEn: "Garzê Tibetan Autonomous Prefecture", kind: "prefecture", shortNameEn: "Garzê" },
  { code: "513400", nameZh: "凉山彝族自治州", nameEn: "Liangshan Yi Autonomous Prefecture", kind: "prefecture", shortNameEn: "Liangshan" },
];

const byCode = new Map(sichuanRegions.map((r) => [r.code, r]));

/** The city or prefecture a region code lies in; "outside" for a code of another province, "unknown" for none or an unlisted Sichuan code. */
export type PrefectureKey = string | "outside" | "unknown";

export function prefectureOf(regionCode: string | null | undefined): PrefectureKey {
  if (!regionCode || !/^\d{6}$/.test(regionCode)) return "unknown";
  if (!regionCode.startsWith("51")) return "outside";
  const prefecture = `${regionCode.slice(0, 4)}00`;
  return byCode.has(prefecture) ? prefecture : "unknown";
}

export function sichuanRegion(code: string): SichuanRegion | undefined {
  return byCode.get(code);
}
