// Small pieces every leaderboard screen shares: the status and connection badges and the
// notices that say what a frozen or hidden board means.
import { useTranslation } from "react-i18next";
import type { LeaderboardStatus } from "~/realtime/events";
import type { ConnectionState } from "~/realtime/use-room";

export function StatusBadge({ status }: { status: LeaderboardStatus }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`live.status.${status}`)}</span>;
}

export function ConnectionBadge({ state }: { state: ConnectionState }) {
  const { t } = useTranslation();
  return (
    <span className={`connection connection-${state}`} role="status">
      {t(`live.connection.${state}`)}
    </span>
  );
}

export function LeaderboardNotices({ status, staff }: { status: LeaderboardStatus; staff: boolean }) {
  const { t } = useTranslation();
  if (staff) return <p className="notice staff-notice">{t("live.staffNotice", { status: t(`live.status.${status}`) })}</p>;
  if (status === "frozen") return <p className="notice frozen-notice">{t("live.frozenNotice")}</p>;
  if (status === "hidden") return <p className="notice">{t("live.hiddenNotice")}</p>;
  return null;
}
