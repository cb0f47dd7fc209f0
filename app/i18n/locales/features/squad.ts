// The squad screens' strings in both languages (zh-CN first); the English type follows the Chinese.
import type { Widen } from "../widen";

export const squadZh = {
  title: "国家集训队",
} as const;

export const squadEn: Widen<typeof squadZh> = {
  title: "National training squad",
};
