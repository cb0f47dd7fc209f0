// The dashboard screens' strings in both languages (zh-CN first); the English type follows the Chinese.
import type { Widen } from "../widen";

export const dashboardZh = {
  title: "数据看板",
} as const;

export const dashboardEn: Widen<typeof dashboardZh> = {
  title: "Dashboard",
};
