// The contracts of the results page's forms: a competitor's time used.
import { z } from "zod";
import { parseMinutesSeconds } from "~/domain/results/time-used";
import { optionalText } from "~/domain/fields";

export const TimeUsedInputSchema = z.object({
  competitorId: z.uuid({ error: () => ({ message: "invalidChoice" }) }),
  timeUsed: z
    .string({ error: () => ({ message: "required" }) })
    .trim()
    .min(1, { message: "required" })
    .transform((v, ctx) => {
      const seconds = parseMinutesSeconds(v);
      if (seconds === null) {
        ctx.addIssue({ code: "custom", message: "invalidFormat" });
        return z.NEVER;
      }
      return seconds;
    }),
  reason: optionalText(1000),
});
export type TimeUsedInput = z.output<typeof TimeUsedInputSchema>;
