// WorldSkills skills with their competition numbers and common Chinese names.
export interface WorldSkillsSkill {
  wsNumber: string;
  nameEn: string;
  nameZh: string;
}

export const worldSkillsSkills: readonly WorldSkillsSkill[] = [
  { wsNumber: "04", nameEn: "Mechatronics", nameZh: "机电一体化" },
  { wsNumber: "05", nameEn: "Mechanical Engineering CAD", nameZh: "机械工程设计" },
  { wsNumber: "06", nameEn: "CNC Turning", nameZh: "数控车" },
  { wsNumber: "07", nameEn: "CNC Milling", nameZh: "数控铣" },
  { wsNumber: "10", nameEn: "Welding", nameZh: "焊接" },
  { wsNumber: "16", nameEn: "Electronics", nameZh: "电子技术" },
  { wsNumber: "17", nameEn: "Web Technologies", nameZh: "网站技术" },
  { wsNumber: "18", nameEn: "Electrical Installations", nameZh: "电气装置" },
  { wsNumber: "19", nameEn: "Industrial Control", nameZh: "工业控制" },
  { wsNumber: "20", nameEn: "Bricklaying", nameZh: "砌筑" },
  { wsNumber: "29", nameEn: "Hairdressing", nameZh: "美发" },
  { wsNumber: "33", nameEn: "Automobile Technology", nameZh: "汽车技术" },
  { wsNumber: "34", nameEn: "Cooking", nameZh: "烹饪(西餐)" },
  { wsNumber: "39", nameEn: "IT Network Systems Administration", nameZh: "网络系统管理" },
  { wsNumber: "41", nameEn: "Health and Social Care", nameZh: "健康和社会照护" },
  { wsNumber: "54", nameEn: "Cyber Security", nameZh: "网络安全" },
];

export function worldSkillsSkill(wsNumber: string): WorldSkillsSkill {
  const found = worldSkillsSkills.find((s) => s.wsNumber === wsNumber);
  if (!found) throw new Error(`Unknown WorldSkills skill number ${wsNumber}`);
  return found;
}
