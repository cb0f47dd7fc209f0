// The appeals screens' strings in both languages (zh-CN first); the English type follows the Chinese.
import type { Widen } from "../widen";

export const appealsZh = {
  title: "申诉",
} as const;

export const appealsEn: Widen<typeof appealsZh> = {
  title: "Appeals",
};
