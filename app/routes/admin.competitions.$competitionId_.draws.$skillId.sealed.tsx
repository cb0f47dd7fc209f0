// The sealed mapping of one skill's draw, to print on A4 and seal: registration no. → check-in
// no. → workstation no., with names and delegations, the draws in force (time, seed, who ran and
// who witnessed them) and lines for the signatures. Organizers only: it is what decryption opens.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { localized } from "~/i18n/i18n";
import { requireOrganizer } from "~/web/require.server";
import { notFoundUnless, uuidParam } from "~/web/forms.server";
import { loadSealedMapping } from "~/services/registration/draw-board.server";
import { PrintSheet } from "~/components/print-sheet";
import { formatFullDateTime } from "~/components/format";
import { titled } from "~/components/meta";
import { useLocale } from "~/components/use-locale";

export const meta: MetaFunction = ({ matches }) => titled(matches, "draws.sealed.title");

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const scope = { competitionId: uuidParam(params, "competitionId"), skillId: uuidParam(params, "skillId") };
  await requireOrganizer(request, context, scope.competitionId);
  const sheet = notFoundUnless(await loadSealedMapping(context.deps.db, scope));
  const iso = <T extends { conductedAt: Date }>(d: T | null) => (d ? { ...d, conductedAt: d.conductedAt.toISOString() } : null);
  return { ...scope, ...sheet, checkInDraw: iso(sheet.checkInDraw), workstationDraw: iso(sheet.workstationDraw) };
}

type Data = Awaited<ReturnType<typeof loader>>;

function DrawLine({ label, draw }: { label: string; draw: Data["checkInDraw"] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <>
      <dt>{label}</dt>
      <dd>
        {draw ? (
          <>
            {t("draws.sealed.drawLine", {
              time: formatFullDateTime(locale, draw.conductedAt),
              conductor: draw.conductorName,
              witness: draw.witnessName,
              algorithm: draw.algorithm,
            })}
            <br />
            <code className="seed">{t("draws.sealed.seedLine", { seed: draw.seed })}</code>
          </>
        ) : (
          t("draws.sealed.notDrawn")
        )}
      </dd>
    </>
  );
}

export default function SealedMapping() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const locale = useLocale();
  const c = (key: string) => t(`draws.sealed.columns.${key}`);
  return (
    <PrintSheet backTo={`/admin/competitions/${data.competitionId}/draws?skill=${data.skillId}`} backLabel={t("draws.back")}>
      <header className="sheet-header">
        <p className="eyebrow">{localized(locale, data.competitionNameZh, data.competitionNameEn)}</p>
        <h1>
          {localized(locale, data.nameZh, data.nameEn)} · {t("draws.sealed.title")}
        </h1>
        <p className="sheet-notice">{t("draws.sealed.notice")}</p>
        <dl className="sheet-facts">
          <DrawLine label={t("draws.sealed.checkInDraw")} draw={data.checkInDraw} />
          <DrawLine label={t("draws.sealed.workstationDraw")} draw={data.workstationDraw} />
        </dl>
      </header>
      <table className="sheet-table">
        <thead>
          <tr>
            <th scope="col">{c("registrationNo")}</th>
            <th scope="col">{c("checkInNo")}</th>
            <th scope="col">{c("workstationNo")}</th>
            <th scope="col">{c("names")}</th>
            <th scope="col">{c("delegation")}</th>
          </tr>
        </thead>
        <tbody>
          {data.rows.map((r) => (
            <tr key={r.registrationNo}>
              <td>{r.registrationNo}</td>
              <td>{r.checkInNo ?? "—"}</td>
              <td>{r.workstationNo ?? "—"}</td>
              <td>{r.names.join("、")}</td>
              <td>{localized(locale, r.delegationNameZh, r.delegationNameEn)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="signatures">
        {(["conductor", "witness", "keeper", "sealedAt"] as const).map((key) => (
          <div key={key}>
            <dt>{t(`draws.sealed.signatures.${key}`)}</dt>
            <dd />
          </div>
        ))}
      </dl>
    </PrintSheet>
  );
}
