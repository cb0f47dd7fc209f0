import { describe, expect, it } from "vitest";
import { composeIdNumber, normalizeIdNumber } from "../identity/id-number";
import {
  checkRegistrationRows,
  parseDateText,
  parseSkillLevel,
  regionPrefix,
  windowState,
  type RegistrationContext,
  type RegistrationRowInput,
  type SkillForRegistration,
} from "./registrations";

const weld: SkillForRegistration = {
  id: "weld",
  nameZh: "焊接",
  nameEn: "Welding",
  entrantGroup: "worker",
  teamSize: 1,
  ageRule: "cn_working_age",
  occupationCode: "6-18-02-04",
  startsOn: "2027-04-20",
  endsOn: "2027-04-21",
  quota: 2,
  requiredSkillLevel: null,
  requireLocality: true,
  requireOccupation: false,
  requiredResult: null,
};
const weldStudents: SkillForRegistration = { ...weld, id: "weld-s", entrantGroup: "student" };
const cnc: SkillForRegistration = {
  ...weld,
  id: "cnc",
  nameZh: "数控铣",
  nameEn: "CNC Milling",
  ageRule: "ws_under_22",
  startsOn: "2027-04-21",
  endsOn: "2027-04-22",
};
const cooking: SkillForRegistration = {
  ...weld,
  id: "cook",
  nameZh: "川菜烹饪",
  nameEn: "Sichuan Cuisine",
  startsOn: "2027-04-24",
  endsOn: "2027-04-24",
  requiredSkillLevel: "level3",
};
const robots: SkillForRegistration = {
  ...weld,
  id: "robot",
  nameZh: "移动机器人",
  nameEn: "Mobile Robotics",
  teamSize: 2,
  startsOn: "2027-04-26",
  endsOn: "2027-04-27",
};
const millwright: SkillForRegistration = {
  ...weld,
  id: "mill",
  nameZh: "工业机械",
  nameEn: "Industrial Mechanic Millwright",
  requireOccupation: true,
  occupationCode: "6-20-01",
  startsOn: "2027-04-29",
  endsOn: "2027-04-29",
};

function context(overrides: Partial<RegistrationContext> = {}): RegistrationContext {
  return {
    today: "2026-11-30",
    competitionYear: 2027,
    cutOffDate: "2027-04-20",
    delegation: { id: "chengdu", regionCode: "510100" },
    skills: [weld, weldStudents, cnc, cooking, robots, millwright],
    keyOf: (n) => `key:${n}`,
    usedQuota: new Map(),
    nameOfPerson: new Map(),
    entriesOfPerson: new Map(),
    regionOfEmployer: new Map(),
    resultsOfPerson: new Map(),
    ...overrides,
  };
}

let sequence = 10;
function row(n: number, fields: Partial<RegistrationRowInput> = {}): RegistrationRowInput {
  const gender = fields.gender === "女" ? "female" : "male";
  const birthDate = fields.birthDate ?? "1998-05-01";
  const idNumber =
    fields.idNumber ?? composeIdNumber("510104", parseDateText(birthDate) ?? "1998-05-01", (sequence += 2) + (gender === "male" ? 1 : 0), gender);
  return {
    row: n,
    name: "张伟",
    gender: "男",
    idNumber,
    birthDate,
    phone: "13800000000",
    employer: "成都工匠机械有限公司",
    occupation: "焊工",
    skillLevel: "三级/高级工",
    skill: "焊接",
    group: "职工组",
    postCategory: "",
    team: "",
    ...fields,
  };
}

const codes = (check: ReturnType<typeof checkRegistrationRows>) => check.problems.map((p) => `${p.row}:${p.field}:${p.code}`);

describe("registration rows", () => {
  it("accepts a clean row and plans one entry with the person's facts", () => {
    const check = checkRegistrationRows([row(3)], context());
    expect(check.problems).toEqual([]);
    expect(check.clean).toHaveLength(1);
    expect(check.clean[0]!.members[0]).toMatchObject({ row: 3, name: "张伟", skillLevel: "level3", retirementCategory: "male" });
  });

  it("normalises full-width digits and spaces in the ID number and accepts an X check digit", () => {
    // 11010519491231002X is the textbook female number with check character X.
    const full = "１１０１０５ １９４９１２３１ ００２ｘ";
    expect(normalizeIdNumber(full)).toBe("11010519491231002X");
    const check = checkRegistrationRows(
      [row(3, { idNumber: full, gender: "女", birthDate: "1949-12-31", postCategory: "工人岗位", skill: "移动机器人", team: "" })],
      context(),
    );
    // Eligibility fails (retired long ago) and the team is missing, but the ID number itself is fine.
    expect(codes(check)).not.toContain("3:idNumber:ID_NUMBER_INVALID");
    expect(codes(check)).not.toContain("3:idNumber:ID_NUMBER_CHECK_DIGIT");
    expect(codes(check)).toContain("3:birthDate:RETIREMENT_AGE_REACHED");
  });

  it("refuses a 15-digit legacy number, a wrong check digit, and a birth date or gender the number contradicts", () => {
    const valid = composeIdNumber("510104", "1998-05-01", 11, "male");
    const wrongCheck = valid.slice(0, 17) + (valid[17] === "1" ? "2" : "1");
    const check = checkRegistrationRows(
      [
        row(3, { idNumber: "510104980501123" }),
        row(4, { idNumber: wrongCheck }),
        row(5, { idNumber: valid, birthDate: "1998-05-02" }),
        row(6, { idNumber: composeIdNumber("510104", "1998-05-01", 12, "female"), postCategory: "工人岗位" }),
      ],
      context({ skills: [{ ...weld, quota: 10 }] }),
    );
    expect(codes(check)).toEqual([
      "3:idNumber:ID_NUMBER_LEGACY_15",
      "4:idNumber:ID_NUMBER_CHECK_DIGIT",
      "5:birthDate:BIRTH_DATE_MISMATCH",
      "6:gender:GENDER_MISMATCH",
    ]);
    expect(check.clean).toEqual([]);
  });

  it("names every missing field and unreadable value of a row at once", () => {
    const check = checkRegistrationRows(
      [row(7, { name: "", employer: "", gender: "男性?", birthDate: "98年5月", phone: "call me", skillLevel: "大师" })],
      context(),
    );
    expect(codes(check)).toEqual([
      "7:name:REQUIRED_FIELD",
      "7:gender:UNKNOWN_VALUE",
      "7:birthDate:DATE_INVALID",
      "7:phone:PHONE_INVALID",
      "7:employer:REQUIRED_FIELD",
      "7:skillLevel:UNKNOWN_VALUE",
    ]);
  });

  it("finds the skill by name and group, and says when the group is wrong", () => {
    const check = checkRegistrationRows(
      [
        row(3, { skill: "Welding", group: "学生组" }),
        row(4, { skill: "焊接", group: "" }),
        row(5, { skill: "数控铣", group: "学生组" }),
        row(6, { skill: "茶艺" }),
      ],
      context(),
    );
    expect(check.clean.map((c) => c.skillId)).toEqual(["weld-s"]);
    expect(codes(check)).toEqual(["4:group:REQUIRED_FIELD", "5:group:SKILL_NOT_IN_GROUP", "6:skill:UNKNOWN_SKILL"]);
  });

  it("applies the WorldSkills window on 1 January of (year − 22): the first of January is in, the day before is out", () => {
    const check = checkRegistrationRows(
      [row(3, { skill: "数控铣", birthDate: "2005-01-01" }), row(4, { skill: "数控铣", birthDate: "2004-12-31" })],
      context(),
    );
    expect(codes(check)).toEqual(["4:birthDate:BORN_TOO_EARLY"]);
    expect(check.problems[0]!.params).toEqual({ earliest: "2005-01-01" });
  });

  it("applies working age on the cut-off date: 16 on that day is in, a day short is out", () => {
    const check = checkRegistrationRows([row(3, { birthDate: "2011-04-20" }), row(4, { birthDate: "2011-04-21" })], context());
    expect(codes(check)).toEqual(["4:birthDate:TOO_YOUNG"]);
  });

  it("a person born on 29 February turns 16 on 1 March in a common year", () => {
    const cut = { cutOffDate: "2027-02-28" };
    expect(codes(checkRegistrationRows([row(3, { birthDate: "2008-02-29" })], context({ ...cut, competitionYear: 2027 })))).toEqual([]);
    // Born 29 Feb 2012: 16 only on 1 March 2028.
    expect(
      codes(checkRegistrationRows([row(3, { birthDate: "2012-02-29" })], context({ cutOffDate: "2028-02-28", today: "2027-06-01", competitionYear: 2028 }))),
    ).toEqual(["3:birthDate:TOO_YOUNG"]);
    expect(
      codes(checkRegistrationRows([row(3, { birthDate: "2012-02-29" })], context({ cutOffDate: "2028-03-01", today: "2027-06-01", competitionYear: 2028 }))),
    ).toEqual([]);
  });

  it("asks women their post category for working-age skills, since the retirement age depends on it", () => {
    const woman = { gender: "女", birthDate: "1976-06-15" };
    expect(codes(checkRegistrationRows([row(3, woman)], context()))).toEqual(["3:postCategory:POST_CATEGORY_REQUIRED"]);
    // A woman in a worker post born June 1976 retires at 50 years 9 months (March 2027): out.
    expect(codes(checkRegistrationRows([row(3, { ...woman, postCategory: "工人岗位" })], context()))).toEqual(["3:birthDate:RETIREMENT_AGE_REACHED"]);
    // In a cadre post she works to 55: in.
    expect(codes(checkRegistrationRows([row(3, { ...woman, postCategory: "管理岗位" })], context()))).toEqual([]);
    // WorldSkills skills never ask.
    expect(codes(checkRegistrationRows([row(3, { gender: "女", birthDate: "2006-03-03", skill: "数控铣" })], context()))).toEqual([]);
  });

  it("requires the skill level a skill asks for", () => {
    const check = checkRegistrationRows(
      [row(3, { skill: "川菜烹饪", skillLevel: "四级" }), row(4, { skill: "川菜烹饪", skillLevel: "" }), row(5, { skill: "川菜烹饪", skillLevel: "技师" })],
      context({ skills: [{ ...cooking, quota: 3 }] }),
    );
    expect(codes(check)).toEqual(["3:skillLevel:SKILL_LEVEL_TOO_LOW", "4:skillLevel:SKILL_LEVEL_TOO_LOW"]);
  });

  it("counts the quota per skill after what is stored: the entry that goes over is refused, not the ones before", () => {
    const three = [row(3), row(4), row(5)];
    expect(codes(checkRegistrationRows(three, context()))).toEqual(["5:skill:QUOTA_EXCEEDED"]);
    expect(codes(checkRegistrationRows(three.slice(0, 1), context({ usedQuota: new Map([["weld", 1]]) })))).toEqual([]);
    const over = checkRegistrationRows(three.slice(0, 2), context({ usedQuota: new Map([["weld", 1]]) }));
    expect(codes(over)).toEqual(["4:skill:QUOTA_EXCEEDED"]);
    expect(over.problems[0]!.params).toEqual({ skill: "焊接", quota: 2, used: 1 });
    // Another skill has its own quota.
    expect(codes(checkRegistrationRows([row(3), row(4), row(5, { skill: "数控铣", birthDate: "2006-01-01" })], context()))).toEqual([]);
  });

  it("refuses the same person twice in a skill, in the file or on file, and in two skills on the same day", () => {
    const id = composeIdNumber("510104", "1998-05-01", 101, "male");
    const key = `key:${id}`;
    expect(codes(checkRegistrationRows([row(3, { idNumber: id }), row(4, { idNumber: id })], context()))).toEqual(["4:idNumber:PERSON_TWICE_IN_FILE"]);
    expect(codes(checkRegistrationRows([row(3, { idNumber: id })], context({ entriesOfPerson: new Map([[key, [{ skillId: "weld" }]]]) })))).toEqual([
      "3:idNumber:PERSON_ALREADY_IN_SKILL",
    ]);
    // Welding runs 20–21 April, CNC milling 21–22 April: the same person cannot do both.
    const twoSkills = checkRegistrationRows(
      [row(3, { idNumber: id }), row(4, { idNumber: id, skill: "数控铣", birthDate: "1998-05-01" })],
      context({ competitionYear: 2019 }),
    );
    expect(codes(twoSkills)).toEqual(["4:skill:SAME_DAY_OTHER_SKILL"]);
    // Cooking on 24 April does not overlap.
    expect(codes(checkRegistrationRows([row(3, { idNumber: id }), row(4, { idNumber: id, skill: "川菜烹饪" })], context()))).toEqual([]);
  });

  it("matches persons by ID number, never by name: a number on file under another name is refused", () => {
    const id = composeIdNumber("510104", "1998-05-01", 103, "male");
    expect(codes(checkRegistrationRows([row(3, { idNumber: id, name: "张卫" })], context({ nameOfPerson: new Map([[`key:${id}`, "张伟"]]) })))).toEqual([
      "3:name:PERSON_NAME_MISMATCH",
    ]);
    // Two different people with the same name are two entries.
    expect(checkRegistrationRows([row(3), row(4)], context()).clean).toHaveLength(2);
  });

  it("forms teams by label, checks their size, and keeps a team whole (clean or refused together)", () => {
    const rows = [
      row(3, { skill: "移动机器人", team: "A" }),
      row(4, { skill: "移动机器人", team: "A" }),
      row(5, { skill: "移动机器人", team: "B" }),
      row(6, { skill: "移动机器人" }),
    ];
    const check = checkRegistrationRows(rows, context({ skills: [{ ...robots, quota: 3 }] }));
    expect(codes(check)).toEqual(["5:team:TEAM_SIZE_MISMATCH", "6:team:TEAM_REQUIRED"]);
    expect(check.clean).toEqual([expect.objectContaining({ skillId: "robot", rows: [3, 4] })]);
    // One bad member spoils the team: its partner is not imported alone.
    const spoiled = checkRegistrationRows([row(3, { skill: "移动机器人", team: "A" }), row(4, { skill: "移动机器人", team: "A", phone: "x" })], context());
    expect(spoiled.clean).toEqual([]);
    expect(spoiled.rowsWithProblems).toEqual([3, 4]);
  });

  it("enforces 属地 against an employer on file elsewhere, and the occupation where the skill requires it", () => {
    const regions = new Map([
      ["攀钢集团有限公司", "510400"],
      ["成都工匠机械有限公司", "510104"],
    ]);
    expect(codes(checkRegistrationRows([row(3, { employer: "攀钢集团有限公司" }), row(4)], context({ regionOfEmployer: regions })))).toEqual([
      "3:employer:EMPLOYER_OUTSIDE_REGION",
    ]);
    expect(
      codes(
        checkRegistrationRows([row(3, { skill: "工业机械", occupation: "钳工" }), row(4, { skill: "工业机械", occupation: "6-20-01-01 机修钳工" })], context()),
      ),
    ).toEqual(["3:occupation:OCCUPATION_MISMATCH"]);
  });

  it("requires a qualifying result at the lower level in the same occupation (晋级资格)", () => {
    const national: SkillForRegistration = { ...weld, id: "nat", requiredResult: { level: "city", rank: 5 } };
    const qualified = composeIdNumber("510104", "1998-05-01", 201, "male");
    const fifth = composeIdNumber("510104", "1998-05-01", 203, "male");
    const sixth = composeIdNumber("510104", "1998-05-01", 205, "male");
    const otherTrade = composeIdNumber("510104", "1998-05-01", 207, "male");
    const results = new Map([
      [`key:${qualified}`, [{ level: "city" as const, occupationCode: "6-18-02-04", rank: 1 }]],
      [`key:${fifth}`, [{ level: "city" as const, occupationCode: "6-18-02", rank: 5 }]],
      [
        `key:${sixth}`,
        [
          { level: "city" as const, occupationCode: "6-18-02-04", rank: 6 },
          { level: "enterprise" as const, occupationCode: "6-18-02-04", rank: 1 },
        ],
      ],
      [`key:${otherTrade}`, [{ level: "city" as const, occupationCode: "6-20-01-01", rank: 1 }]],
    ]);
    const rows = [qualified, fifth, sixth, otherTrade, composeIdNumber("510104", "1998-05-01", 209, "male")].map((idNumber, i) => row(i + 3, { idNumber }));
    const check = checkRegistrationRows(rows, context({ skills: [{ ...national, quota: 10 }], resultsOfPerson: results }));
    expect(codes(check)).toEqual(["5:idNumber:RESULT_REQUIRED", "6:idNumber:RESULT_REQUIRED", "7:idNumber:RESULT_REQUIRED"]);
    expect(check.problems[0]!.params).toEqual({ level: "city", rank: 5 });
  });

  it("accepts an advancement 晋级 to this competition whatever its rank, but only in the same occupation", () => {
    const national: SkillForRegistration = { ...weld, id: "nat", requiredResult: { level: "city", rank: 1 } };
    const advanced = composeIdNumber("510104", "1998-05-01", 211, "male");
    const otherTrade = composeIdNumber("510104", "1998-05-01", 213, "male");
    const results = new Map([
      [`key:${advanced}`, [{ level: "enterprise" as const, occupationCode: "6-18-02-04", rank: 4, advanced: true }]],
      [`key:${otherTrade}`, [{ level: "city" as const, occupationCode: "6-20-01-01", rank: 1, advanced: true }]],
    ]);
    const rows = [advanced, otherTrade].map((idNumber, i) => row(i + 3, { idNumber }));
    const check = checkRegistrationRows(rows, context({ skills: [{ ...national, quota: 10 }], resultsOfPerson: results }));
    expect(codes(check)).toEqual(["4:idNumber:RESULT_REQUIRED"]);
  });

  it("reports 3 bad rows among 40 and keeps the 37 clean ones", () => {
    const rows = Array.from({ length: 40 }, (_, i) => row(i + 3, { skill: i % 2 === 0 ? "焊接" : "川菜烹饪", skillLevel: "二级/技师" }));
    rows[5] = { ...rows[5]!, idNumber: rows[5]!.idNumber.slice(0, 17) + (rows[5]!.idNumber[17] === "1" ? "2" : "1") };
    rows[17] = { ...rows[17]!, birthDate: "1990-01-01" };
    rows[33] = { ...rows[33]!, skill: "插花" };
    const check = checkRegistrationRows(
      rows,
      context({
        skills: [
          { ...weld, quota: 40 },
          { ...cooking, quota: 40 },
        ],
      }),
    );
    expect(codes(check)).toEqual(["8:idNumber:ID_NUMBER_CHECK_DIGIT", "20:birthDate:BIRTH_DATE_MISMATCH", "36:skill:UNKNOWN_SKILL"]);
    expect(check.clean).toHaveLength(37);
  });
});

describe("registration helpers", () => {
  it("reads dates and skill levels the ways people type them", () => {
    expect(["1998-05-01", "1998/5/1", "1998.5.1", "19980501", "1998年5月1日"].map(parseDateText)).toEqual(Array(5).fill("1998-05-01"));
    expect(parseDateText("1998-02-30")).toBeNull();
    expect(["三级/高级工", "高级工", "三级", "level3"].map(parseSkillLevel)).toEqual(Array(4).fill("level3"));
  });
  it("region prefixes and the window", () => {
    expect([regionPrefix("510000"), regionPrefix("510100"), regionPrefix("510104")]).toEqual(["51", "5101", "510104"]);
    const w = { opensAt: new Date("2026-11-15T16:00:00Z"), closesAt: new Date("2027-03-31T16:00:00Z") };
    expect(windowState(w, new Date("2026-11-15T15:59:59Z"))).toBe("not_opened");
    expect(windowState(w, new Date("2026-11-15T16:00:00Z"))).toBe("open");
    expect(windowState(w, new Date("2027-03-31T16:00:00Z"))).toBe("closed");
    expect(windowState({ opensAt: null, closesAt: null }, new Date())).toBe("not_opened");
  });
});
