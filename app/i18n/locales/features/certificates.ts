// The certificates screens' strings in both languages (zh-CN first); the English type follows the Chinese.
import type { Widen } from "../widen";

export const certificatesZh = {
  title: "证书",
} as const;

export const certificatesEn: Widen<typeof certificatesZh> = {
  title: "Certificates",
};
