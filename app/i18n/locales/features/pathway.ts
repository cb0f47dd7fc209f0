// The pathway screens' strings in both languages (zh-CN first); the English type follows the Chinese.
import type { Widen } from "../widen";

export const pathwayZh = {
  title: "成长路径",
} as const;

export const pathwayEn: Widen<typeof pathwayZh> = {
  title: "Pathway",
};
