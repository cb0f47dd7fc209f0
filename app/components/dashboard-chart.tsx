// One chart of the dashboard: chart.js on a canvas, loaded only in the browser (a dynamic import,
// so no other page carries it) and drawn in an effect. The canvas is an image with a label; the
// same numbers stand in the table beside it, which is what screen readers and the export use.
import { useEffect, useRef } from "react";

export interface ChartSpec {
  type: "bar" | "doughnut";
  /** Bars along the horizontal axis (the funnel, long skill names). */
  horizontal?: boolean;
  labels: string[];
  datasets: Array<{ label: string; data: number[] }>;
}

const palette = ["#9f1d20", "#d28b26", "#2f6f8f", "#5b8c3a", "#7a4f9a", "#b5651d", "#3e7d7a", "#a23b72"];

export function DashboardChart({ spec, label, height = 280 }: { spec: ChartSpec; label: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | undefined;
    void import("chart.js").then(({ Chart, BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend }) => {
      if (cancelled || !canvas.current) return;
      Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Tooltip, Legend);
      const doughnut = spec.type === "doughnut";
      const chart = new Chart(canvas.current, {
        type: spec.type,
        data: {
          labels: spec.labels,
          datasets: spec.datasets.map((d, i) => ({
            label: d.label,
            data: d.data,
            backgroundColor: doughnut ? spec.labels.map((_, j) => palette[j % palette.length]!) : palette[i % palette.length]!,
            borderWidth: doughnut ? 2 : 0,
          })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: spec.horizontal ? "y" : "x",
          plugins: { legend: { display: doughnut || spec.datasets.length > 1, position: "bottom" } },
          scales: doughnut ? {} : { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
      destroy = () => chart.destroy();
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [spec]);
  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
