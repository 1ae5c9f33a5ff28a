// lab-handle.js: window.flatline, a read-only handle on the lab for the
// console and the browser tests: the settings, the state, and the records and
// findings as the page holds them (every number in them computed by the core).

/** Exposes the handle over the lab's state object (main.js's `app`). */
export function exposeHandle(app) {
  window.flatline = {
    get config() { return { ...app.config }; },
    get engine() { return app.engine; },
    get done() { return app.done; },
    get playing() { return app.playing; },
    get samplesPerSecond() { return app.samplesPerSecond; },
    get firstPlotAt() { return app.firstPlotAt; }, // ms after navigation started
    get diverged() { return app.charts.current?.diverged ?? null; },
    get workerFailures() { return app.failures ?? 0; },
    get runs() { return app.run; }, // runs started so far
    markerBoxes: () => app.charts.loss.options.plugins.guides.boxes ?? [],
    markers: () => app.charts.markers.map(({ x, key, label }) => ({ epoch: x, key, label })),
    previousRun: () => app.charts.previous?.length ?? 0, // records of the newest earlier run
    earlierRuns: () => app.charts.shelf.runs.map(({ id, lesson, visible, pinned, data }) => ({ id, lesson, visible, pinned, records: data.length })),
    band: () => app.charts.bandEnd ?? 0, // the last epoch of the seeds' band on the loss chart, 0 for none
    experiment: () => app.experiments?.result ?? null, // the last experiment's conclusion
    experimentsEnded: () => app.experiments?.finished ?? 0,
    lossSeries: () => app.charts.loss.data.datasets.map((d) => d.label),
    history: () => app.charts.current?.history ?? [],
    findings: () => app.findings,
    networkSummary: () => document.getElementById('network-summary').textContent,
    network: () => (app.network.net
      ? {
        flags: Array.from(app.network.net.flags), drawn: app.network.net.drawn, updates: app.network.updates,
        inputs: app.network.net.inputs, maps: app.network.net.maps?.map((layer) => layer.length) ?? null,
      } : null),
    findingMarks: () => app.charts.loss.options.plugins.guides.findings,
    lossAxis: () => {
      const y = app.charts.loss.scales.y;
      return { type: y.type, min: y.min, max: y.max, ticks: y.ticks.map((t) => t.label).filter(Boolean),
        title: [app.charts.loss.options.scales.y.title.text].flat().join(' '), clipped: app.charts.loss.options.plugins.guides.clipped ?? null,
        chance: app.charts.loss.options.plugins.guides.lines[0]?.label ?? null };
    },
    healthSeries: () => app.charts.health.data.datasets.map((d) => d.label),
    // The health chart's log axis floor, and per gradient line its last point: { y, zero }.
    healthFloor: () => ({
      min: app.charts.health.options.scales.y.min ?? null,
      last: app.charts.health.data.datasets.slice(2).map((d) => ({ y: d.data.at(-1)?.y ?? null, zero: Boolean(d.data.at(-1)?.zero) })),
    }),
    chartPoints: () => Math.max(...[app.charts.loss, app.charts.acc, app.charts.health]
      .flatMap((c) => c.data.datasets.map((d) => d.data.length))),
    trial: () => {
      const t = app.trials.current;
      return t ? { cause: t.finding.cause, fix: t.finding.fix, verdict: t.verdict ?? null } : null;
    },
  };
}
