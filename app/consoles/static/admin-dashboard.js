// The admin dashboard's charts: each .chart[data-chart] holds the figures its table shows (JSON
// written by the server, app/consoles/admin/dashboard.py charts()); this draws them with ECharts.
// No inline script: the page's CSP allows only files served from here.
(function () {
  "use strict";
  var COLORS = ["#0b6e4f", "#3b82c4", "#e0a526", "#b42318", "#7a5af8", "#667085"];

  function option(spec) {
    var category = {type: "category", data: spec.categories,
                    axisLabel: {interval: 0, rotate: spec.categories.length > 8 && !spec.horizontal ? 35 : 0}};
    var value = {type: "value", minInterval: 1};
    var series = spec.series.map(function (s, i) {
      var one = {name: s.name, type: spec.kind, data: s.data, barMaxWidth: 36};
      if (spec.stack) { one.stack = "total"; }
      if (spec.target !== undefined && i === 0) {
        one.markLine = {symbol: "none", data: [{yAxis: spec.target, name: "目标"}],
                        label: {formatter: "目标 {c}"}, lineStyle: {color: "#b42318", type: "dashed"}};
      }
      return one;
    });
    var top = spec.target !== undefined ? Math.max.apply(null, [spec.target].concat(spec.series[0].data.map(Number))) : null;
    if (top !== null) { value.max = Math.ceil(top * 1.15 * 10) / 10; value.minInterval = 0; }
    return {
      color: COLORS,
      animation: false,
      tooltip: {trigger: "axis"},
      legend: {show: spec.series.length > 1, top: 0},
      grid: {left: spec.horizontal ? 140 : 48, right: spec.target !== undefined ? 72 : 24, top: spec.series.length > 1 ? 36 : 16, bottom: 8, containLabel: !spec.horizontal},
      xAxis: spec.horizontal ? value : category,
      yAxis: spec.horizontal ? Object.assign({}, category, {inverse: true, axisLabel: {width: 130, overflow: "truncate"}}) : value,
      series: series
    };
  }

  function draw() {
    var charts = [];
    document.querySelectorAll(".chart[data-chart]").forEach(function (element) {
      var spec = JSON.parse(element.getAttribute("data-chart"));
      if (!spec.categories.length) {
        element.classList.add("empty");
        element.textContent = "暂无数据";
        return;
      }
      var chart = echarts.init(element, null, {renderer: "canvas"});
      chart.setOption(option(spec));
      charts.push(chart);
    });
    window.addEventListener("resize", function () {
      charts.forEach(function (chart) { chart.resize(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
