// GET …/registrations.xlsx — the registration roster under the review page's filters, headers in
// the reader's language, ID numbers masked. Organizers only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { localized, translator } from "~/i18n/i18n";
import { getLocale } from "~/i18n/locale.server";
import { requireOrganizer } from "~/web/require.server";
import { uuidParam } from "~/web/forms.server";
import { loadRegistrationReview } from "~/services/registration/registration-board.server";
import { registrationFiltersOf, rosterLimit } from "~/domain/registration/review-filters";
import { rosterWorkbook, type RosterRow } from "~/services/registration/registration-xlsx.server";
import { fileResponse, fileTypes } from "~/web/download.server";

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const competitionId = uuidParam(params, "competitionId");
  await requireOrganizer(request, context, competitionId);
  const review = await loadRegistrationReview(context.deps.db, competitionId, registrationFiltersOf(new URL(request.url).searchParams), context.deps.now(), {
    offset: 0,
    limit: rosterLimit,
  });
  const locale = await getLocale(request);
  const { t } = translator(locale);
  const rows: RosterRow[] = review.registrations.flatMap((r) =>
    r.members.map((m) => ({
      registrationNo: r.registrationNo,
      status: t(`registration.status.${r.status}`),
      skill: localized(locale, r.skillNameZh, r.skillNameEn),
      group: t(`group.${r.entrantGroup}`),
      delegation: localized(locale, r.delegationNameZh, r.delegationNameEn),
      name: m.name,
      gender: t(`registration.gender.${m.gender}`),
      idNumberMasked: m.idNumberMasked,
      birthDate: m.birthDate,
      employer: m.employer ?? "",
      skillLevel: m.skillLevel ? t(`registration.skillLevel.${m.skillLevel}`) : "",
      phone: m.phone ?? "",
      checkInNo: r.checkInNo,
      workstationNo: r.workstationNo,
      rejectionReason: r.rejectionReason,
    })),
  );
  const headers: Record<keyof RosterRow, string> = {
    registrationNo: t("registration.registrationNo"),
    status: t("registration.statusLabel"),
    skill: t("registration.skill"),
    group: t("registration.group"),
    delegation: t("registration.delegation"),
    name: t("registration.fields.name"),
    gender: t("registration.fields.gender"),
    idNumberMasked: t("registration.fields.idNumber"),
    birthDate: t("registration.fields.birthDate"),
    employer: t("registration.fields.employer"),
    skillLevel: t("registration.fields.skillLevel"),
    phone: t("registration.fields.phone"),
    checkInNo: t("registration.checkInNo"),
    workstationNo: t("registration.workstation"),
    rejectionReason: t("review.reason"),
  };
  return fileResponse(await rosterWorkbook(rows, headers, t("review.roster")), {
    name: `registrations-${competitionId.slice(0, 8)}.xlsx`,
    type: fileTypes.xlsx,
  });
}
