// Material for invented employers: a city's short name + a brand + a line of business gives
// names like "德阳鼎新重型装备制造有限公司". Each line of business is tagged with the industry
// whose skills its workers enter, so a welder works for a machinery firm and a cook for a
// restaurant group.
export const industries = ["machinery", "electric", "auto", "it", "food", "craft"] as const;
export type Industry = (typeof industries)[number];

export const businessLines: Readonly<Record<Industry, readonly string[]>> = {
  machinery: ["精密机械有限公司", "重型装备制造有限公司", "数控机床有限公司", "钢结构工程有限公司", "动力装备有限公司"],
  electric: ["电力工程有限公司", "电气设备有限公司", "智能装备有限公司", "供电服务有限公司"],
  auto: ["汽车服务有限公司", "汽车销售服务有限公司", "客车制造有限公司"],
  it: ["信息技术有限公司", "网络安全技术有限公司", "数据科技有限公司"],
  food: ["餐饮管理有限公司", "酒店管理有限公司", "茶业有限公司", "食品有限公司"],
  craft: ["蜀绣工艺品有限公司", "文化创意有限公司"],
};

export const brands = [
  "锦程", "蓉创", "华蜀", "川越", "鼎新", "恒远", "瑞丰", "天成", "远航", "金源",
  "博恒", "盛拓", "立信", "巴山", "蜀峰", "岷江", "嘉陵", "沱江", "青城", "汇川",
  "宏盛", "众鑫", "康达", "佳宇", "正则", "安和", "丰泽", "志远", "新桥", "长宁",
] as const;

/** Technical schools that send the student group (学生组). */
export function schoolName(shortName: string, kind: "city" | "prefecture"): string {
  return kind === "city" ? `${shortName}工业技师学院` : `${shortName}州职业技术学校`;
}
