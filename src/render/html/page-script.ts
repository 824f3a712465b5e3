/**
 * The script of the HTML page, run in the browser after the inlined uPlot: reads the charts' data from the
 * `latstat-data` JSON element and draws each with uPlot — log percentile axis, latency on a log or linear scale (a
 * checkbox switches), a second axis on the right when the chart has one (the failure rate), dashed uncertain tails, and a live legend giving the exact values under the cursor (each series' last value before hovering).
 * Exposes the uPlot instances as `window.latstatCharts` (the browser test counts their series and points).
 *
 * Plain ES2017 in a string: it is page content, not part of the program (but for elapsedTickLabel, put in as
 * its source).
 */
import { elapsedTickLabel } from "../chart-axes.js";
import { MARKED_COLOR } from "../chart-model.js";

export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("latstat-data").textContent);
  var digits = data.digits;
  var MARKED_COLOR = ${JSON.stringify(MARKED_COLOR)};
  var charts = [];
  window.latstatCharts = charts;

  function duration(ns) {
    if (ns === null || ns === undefined) return "—";
    var u = ns < 1e3 ? ["ns", 1] : ns < 1e6 ? ["us", 1e3] : ns < 1e9 ? ["ms", 1e6] : ["s", 1e9];
    return Number((ns / u[1]).toPrecision(digits)) + " " + u[0];
  }
  function percentile(x) {
    var p = 100 * (1 - 1 / x);
    return Number(p.toFixed(Math.max(2, Math.ceil(Math.log10(x)) + 3))) + "%";
  }
  // The axis labels' own function (chart-axes.ts), so hover and ticks both read 45s, 3m, 1m30s.
  var elapsed = ${elapsedTickLabel.toString()};
  function formatter(kind) {
    if (kind === "duration") return duration;
    if (kind === "percentile") return percentile;
    if (kind === "seconds") return elapsed;
    if (kind === "percent") return function (v) { return v === null || v === undefined ? "—" : Number(v.toPrecision(3)) + "%"; };
    return function (v) { return String(v); };
  }

  function options(chart, scale, width) {
    var x = chart.x;
    var y = chart.y[scale];
    var formatX = formatter(x.kind);
    var formatY = formatter(y.kind);
    var formatY2 = chart.y2 ? formatter(chart.y2.kind) : formatY;
    // Before the cursor is over the chart (and after it leaves), each series shows its last point's value.
    var series = [{ label: x.kind === "percentile" ? "percentile" : x.title, value: function (u, v) { return v === null || v === undefined ? "last point" : formatX(v); } }];
    var tails = {};
    chart.series.forEach(function (s, i) {
      var single = s.certain.filter(function (v) { return v !== null; }).length === 1 && s.tail.every(function (v) { return v === null; });
      var lone = s.lone && s.lone.length > 0 ? s.lone : null;
      series.push({
        label: s.detail ? s.label + " · " + s.detail : s.label,
        scale: s.y2 ? "y2" : "y",
        stroke: s.color,
        width: 2,
        // uPlot spans undefined and breaks at null: a series with gaps has null only there (see values()).
        spanGaps: !s.gaps,
        points: { show: single || lone !== null, size: 6, fill: s.color, filter: single ? null : lone },
        value: function (u, v, si, idx) {
          if (idx === null || idx === undefined) idx = lastPoint(s);
          if (idx === null) return "—";
          var raw = s.certain[idx] !== null ? s.certain[idx] : s.tail[idx];
          // Beyond a spectrum's successes, the percentile is a failed request, as the tables say.
          if (raw === null && s.failedFromX !== undefined && chart.xs[idx] >= s.failedFromX) return "failed";
          return raw === null ? "—" : (s.y2 ? formatY2 : formatY)(raw);
        },
      });
    });
    chart.series.forEach(function (s, i) {
      if (s.tail.every(function (v) { return v === null; })) return;
      tails[i + 1] = series.length;
      series.push({ label: s.label + " (tail)", scale: s.y2 ? "y2" : "y", stroke: s.color, width: 2, dash: [6, 4], spanGaps: true, points: { show: false } });
    });
    var grid = { stroke: "#e6e6e6", width: 1 };
    var scales = {
      x: { time: false, distr: x.scale === "log" ? 3 : 1, log: 10, range: [x.min, x.max] },
      y: { distr: y.scale === "log" ? 3 : 1, log: 10, range: [y.min, y.max] },
    };
    var axes = [
      { label: x.title, grid: grid, ticks: grid, splits: function () { return x.ticks.map(function (t) { return t.value; }); }, values: function () { return x.ticks.map(function (t) { return t.label; }); } },
      { label: y.title + " (" + y.scale + " scale)", size: 72, grid: grid, ticks: grid, splits: function () { return y.ticks.map(function (t) { return t.value; }); }, values: function () { return y.ticks.map(function (t) { return t.label; }); } },
    ];
    var y2 = chart.y2;
    if (y2) {
      // The second axis on the right, without a grid of its own (the latency grid stays the one to read).
      scales.y2 = { distr: 1, range: [y2.min, y2.max] };
      axes.push({ scale: "y2", side: 1, label: y2.title + " (%)", size: 60, grid: { show: false }, ticks: grid, splits: function () { return y2.ticks.map(function (t) { return t.value; }); }, values: function () { return y2.ticks.map(function (t) { return t.label; }); } });
    }
    return {
      opts: {
        width: width,
        height: 420,
        scales: scales,
        axes: axes,
        series: series,
        legend: { live: true },
        hooks: {
          // Each marked tail shaded from its x to the plot's right edge, its label at the top, under the lines.
          drawClear: [function (u) {
            (chart.marked || []).forEach(function (tail) {
              var ctx = u.ctx;
              var from = Math.max(u.bbox.left, Math.min(u.bbox.left + u.bbox.width, u.valToPos(tail.fromX, "x", true)));
              ctx.save();
              ctx.fillStyle = "rgba(192, 57, 43, 0.12)";
              ctx.fillRect(from, u.bbox.top, u.bbox.left + u.bbox.width - from, u.bbox.height);
              ctx.fillStyle = MARKED_COLOR;
              ctx.font = "600 " + Math.round(13 * devicePixelRatio) + "px system-ui, sans-serif";
              ctx.fillText(tail.label, from + 4 * devicePixelRatio, u.bbox.top + 16 * devicePixelRatio);
              ctx.restore();
            });
          }],
          init: [function (u) {
            var rows = u.root.querySelectorAll(".u-legend .u-series");
            Object.keys(tails).forEach(function (k) { if (rows[tails[k]]) rows[tails[k]].style.display = "none"; });
          }],
          setSeries: [function (u, si, o) {
            if (tails[si] !== undefined && o && o.show !== undefined) u.setSeries(tails[si], { show: o.show });
          }],
        },
      },
      data: [chart.xs].concat(chart.series.map(function (s) { return values(s, s.certain.map(clampFor(s.y2 ? y2 : y))); }))
        .concat(chart.series.filter(function (s) { return s.tail.some(function (v) { return v !== null; }); }).map(function (s) { return s.tail.map(clampFor(s.y2 ? y2 : y)); })),
    };
  }
  // A series' values for uPlot: with gaps, null at them alone and undefined (spanned) where only other series have a point.
  function values(s, ys) {
    if (!s.gaps) return ys;
    var gaps = {};
    s.gaps.forEach(function (i) { gaps[i] = true; });
    return ys.map(function (v, i) { return v === null && !gaps[i] ? undefined : v; });
  }
  // The index of a series' last point (certain or tail), or null when it has none.
  function lastPoint(s) {
    for (var i = s.certain.length - 1; i >= 0; i--) if (s.certain[i] !== null || s.tail[i] !== null) return i;
    return null;
  }
  // A log axis cannot show 0: such values sit on its lowest line (the legend still gives the true value).
  function clampFor(axis) {
    return function (v) { return v === null ? null : axis.scale === "log" && v < axis.min ? axis.min : v; };
  }

  data.charts.forEach(function (chart, index) {
    var box = document.getElementById(chart.id);
    var target = box.querySelector(".chart");
    var toggle = box.querySelector("input.log-scale");
    function draw() {
      var scale = toggle && !toggle.checked ? "linear" : "log";
      if (charts[index]) charts[index].destroy();
      var built = options(chart, scale, Math.max(320, target.clientWidth));
      charts[index] = new uPlot(built.opts, built.data, target);
    }
    if (toggle) {
      toggle.checked = chart.defaultScale === "log";
      toggle.addEventListener("change", draw);
    }
    draw();
    window.addEventListener("resize", function () {
      charts[index].setSize({ width: Math.max(320, target.clientWidth), height: 420 });
    });
  });
})();
`;
