// A plausible 100-mark marking scheme per demo skill: modules named for the skill, sub-criteria
// with marking days, a mix of measurement aspects (each calculation kind appears), judgement
// aspects with level descriptors and, for the subjective local skills, trimmed-mean panels.
// Max marks are multiples of 0.5 chosen so every level adds up exactly; section weightings are
// the allocation itself, so the demo's allocation tables show no variation.
import type { AspectDraft, CalculationDraft, SchemeDraft } from "~/domain/marking-scheme/scheme";
import type { Random } from "../random";

const moduleNames: Record<string, [string, string, string]> = {
  weld: ["模块A 板对接焊 Plate butt weld", "模块B 管对接焊 Pipe butt weld", "模块C 压力容器 Pressure vessel"],
  cncmill: ["模块A 零件编程 Programming", "模块B 铣削加工 Milling", "模块C 检测与装配 Inspection and assembly"],
  turn: ["模块A 零件编程 Programming", "模块B 车削加工 Turning", "模块C 检测与装配 Inspection and assembly"],
  elecinst: ["模块A 布线安装 Wiring", "模块B 控制电路 Control circuits", "模块C 调试与故障排除 Commissioning"],
  cyber: ["模块A 安全加固 Hardening", "模块B 渗透测试 Penetration testing", "模块C 应急响应 Incident response"],
  mecha: ["模块A 系统装调 Assembly", "模块B 编程控制 PLC programming", "模块C 优化与维护 Optimisation"],
  cuisine: ["模块A 刀工 Knife skills", "模块B 传统川菜 Classic dishes", "模块C 创新菜 Creative dish"],
  embroidery: ["模块A 针法 Stitching", "模块B 图案 Pattern", "模块C 成品 Finished piece"],
  tea: ["模块A 茶艺礼仪 Etiquette", "模块B 冲泡技艺 Brewing", "模块C 茶席设计 Tea setting"],
};
const genericModules: [string, string, string] = ["模块A 基础操作 Fundamentals", "模块B 综合实操 Practical task", "模块C 故障诊断 Diagnosis"];
const subjectiveSkills = new Set(["cuisine", "embroidery", "tea"]);

const sections = [
  { id: "1", name: "工作组织与管理 Work organisation and management" },
  { id: "2", name: "沟通与安全 Communication and safety" },
  { id: "3", name: "工艺与技术 Craft and technique" },
  { id: "4", name: "质量与精度 Quality and precision" },
];

const descriptors = [
  "未达到行业标准 Below industry standard",
  "达到行业标准 Meets industry standard",
  "达到并在某些方面超过行业标准 Exceeds it in some respects",
  "全面超过行业标准 Excellent",
];

const measuredThings = ["关键尺寸 Key dimension", "表面质量 Surface finish", "功能测试 Function test", "安全防护 Protective equipment", "工位整洁 Tidy workstation", "完成度 Completeness", "参数设置 Settings", "时间控制 Time management"];
const judgedThings = ["整体工艺 Overall workmanship", "美观程度 Appearance", "操作规范 Good practice", "创意与表现 Creativity", "团队协作 Teamwork"];

/** Splits `total` (a multiple of 0.5) into `parts` multiples of 0.5 that add up exactly. */
function split(total: number, parts: number, random: Random): number[] {
  const halves = Math.round(total * 2);
  const result: number[] = [];
  let left = halves;
  for (let i = parts; i > 1; i--) {
    const fair = left / i;
    const take = Math.max(1, Math.min(left - (i - 1), Math.round(fair * (0.75 + random.next() * 0.5))));
    result.push(take);
    left -= take;
  }
  result.push(left);
  return result.map((h) => h / 2);
}

function text(n: number): string {
  return n.toFixed(2);
}

function calculationFor(max: number, index: number): CalculationDraft {
  switch (index % 4) {
    case 0:
      return { kind: "all_or_nothing" };
    case 1:
      return { kind: "choice", choices: [{ id: "none", deduction: "0" }, { id: "minor", deduction: text(max * 0.3) }, { id: "major", deduction: text(max) }] };
    case 2:
      return { kind: "per_unit", target: "25.00", tolerance: "0.05", unit: "0.01", deductionPerUnit: text(max / 5) };
    default:
      return { kind: "bands", target: "0", bands: [{ within: "0.1", mark: text(max) }, { within: "0.3", mark: text(max / 2) }] };
  }
}

/**
 * `lean`: two aspects per sub-criterion (one in a small one) — the history's many small skills
 * are marked completely at every start, and fewer aspects keep that fast.
 */
export function demoSchemeDraft(slug: string, random: Random, options: { lean?: boolean } = {}): SchemeDraft {
  const names = moduleNames[slug] ?? genericModules;
  const subjective = subjectiveSkills.has(slug);
  const sectionMarks = new Map<string, number>();
  let measurementIndex = 0;
  const modules = split(100, 3, random).map((moduleMarks, m) => {
    const code = String.fromCharCode(65 + m);
    return {
      id: code,
      name: names[m]!,
      subCriteria: split(moduleMarks, 2, random).map((scMarks, s) => {
        const count = options.lean ? (scMarks >= 8 ? 2 : 1) : scMarks >= 8 ? random.int(3, 5) : Math.max(1, Math.min(3, Math.floor(scMarks / 1.5)));
        const aspects: AspectDraft[] = split(scMarks, count, random).map((max, a) => {
          const id = `${code}${s + 1}.${a + 1}`;
          const section = sections[(m + s + a) % sections.length]!.id;
          sectionMarks.set(section, (sectionMarks.get(section) ?? 0) + max);
          const roll = random.next();
          if (subjective && roll < 0.3) return { id, kind: "trimmed_mean", description: `评委综合评分 Panel score: ${random.pick(judgedThings)}`, max: text(max), section, panelSize: 5 };
          if (roll < 0.6) return { id, kind: "measurement", description: random.pick(measuredThings), max: text(max), section, calculation: calculationFor(max, measurementIndex++) };
          return { id, kind: "judgement", description: random.pick(judgedThings), max: text(max), section, descriptors: [...descriptors] };
        });
        return { id: `${code}${s + 1}`, name: `${code}${s + 1} ${s === 0 ? "过程评分 Process" : "结果评分 Result"}`, markingDay: m + 1, aspects };
      }),
    };
  });
  return {
    declaredTotal: "100.00",
    sections: sections.map((s) => ({ ...s, weightingPercent: text(sectionMarks.get(s.id) ?? 0) })),
    modules,
  };
}
