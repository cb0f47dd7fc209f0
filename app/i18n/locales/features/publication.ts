// The publication screens' strings in both languages (zh-CN first); the English type follows the Chinese.
import type { Widen } from "../widen";

export const publicationZh = {
  title: "成绩公示",
} as const;

export const publicationEn: Widen<typeof publicationZh> = {
  title: "Publication",
};
