// The advancement screens' strings in both languages (zh-CN first); the English type follows the Chinese.
import type { Widen } from "../widen";

export const advancementZh = {
  title: "晋级",
} as const;

export const advancementEn: Widen<typeof advancementZh> = {
  title: "Advancement",
};
