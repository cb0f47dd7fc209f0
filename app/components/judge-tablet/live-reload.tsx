// Live updates for the marking page, loaded only after the page is hydrated (the realtime client
// and the event schemas are ~40 KB gzip that a judge should not wait for before the first tap):
// a module locked by the chief judge, or another judge's mark on the competitor on screen (it
// may complete a team and reveal its scores), asks the page to reload its data.
import { roomName } from "~/realtime/rooms";
import { useRoom } from "~/realtime/use-room";

export default function LiveReload({
  competitionId,
  skillId,
  shownCompetitorId,
  onChange,
}: {
  competitionId: string;
  skillId: string;
  shownCompetitorId: string | undefined;
  onChange: () => void;
}) {
  useRoom(roomName({ audience: "staff", competitionId, skillId }), {
    onEvent: (event) => {
      if (event.type === "module.locked" || (event.type === "mark.recorded" && event.competitorId === shownCompetitorId)) onChange();
    },
    onResync: onChange,
  });
  return null;
}
