// Material for invented but plausible Chinese personal names and mobile numbers. Surnames are
// the most common ones in Sichuan; given names are one or two characters drawn from lists that
// read naturally for men and for women, so a generated name rarely looks odd.
export const surnames = [
  "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周",
  "徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "高", "林",
  "谢", "唐", "邓", "冯", "宋", "曾", "彭", "蒋", "袁", "苟",
  "贺", "廖", "余", "蒲", "杜", "向", "雷", "任", "田", "钟",
] as const;

export const maleGivenCharacters = [
  "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明",
  "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宇", "浩",
  "俊", "峰", "建", "国", "志", "文", "林", "海", "松", "川",
  "凯", "亮", "晨", "旭", "智", "成", "毅", "锐", "昊", "博",
] as const;

export const femaleGivenCharacters = [
  "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲",
  "婷", "雪", "琳", "慧", "倩", "欣", "颖", "佳", "悦", "蓉",
  "梅", "兰", "萍", "红", "莉", "洁", "晓", "思", "雨", "瑶",
  "琴", "月", "露", "丹", "妍", "璐", "莹", "秀", "薇", "清",
] as const;

/** Common mainland mobile prefixes (China Mobile, Unicom, Telecom). */
export const mobilePrefixes = [
  "138", "139", "135", "136", "137", "150", "151", "152", "157", "158",
  "159", "182", "183", "187", "188", "130", "131", "132", "155", "156",
  "185", "186", "133", "153", "180", "181", "189", "177", "199",
] as const;
