// A person's results over time as a line chart (chart.js, loaded in the browser only, on demand),
// with the same numbers in a table beside it for screen readers and keyboard users.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

export interface ChartPoint {
  label: string;
  /** A number for display only (WS points, or the total out of 100). */
  value: number;
  provisional: boolean;
}

export function PathwayChart({ points, label }: { points: ChartPoint[]; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [ready, setReady] = useState(false);
  const { t } = useTranslation();
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void import("chart.js").then(({ Chart, registerables }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(...registerables);
      chart = new Chart(canvas.current, {
        type: "line",
        data: {
          labels: points.map((p) => p.label),
          datasets: [
            {
              label,
              data: points.map((p) => p.value),
              borderColor: "#b4232a",
              backgroundColor: "#b4232a",
              // Provisional results are drawn hollow.
              pointBackgroundColor: points.map((p) => (p.provisional ? "#ffffff" : "#b4232a")),
              pointRadius: 6,
              tension: 0.2,
            },
          ],
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: false } },
        },
      });
      setReady(true);
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [points, label]);
  return (
    <div className="pathway-chart" aria-hidden="true">
      <canvas ref={canvas} />
      {ready ? null : <p className="hint">{t("pathway.chartLoading")}</p>}
    </div>
  );
}
