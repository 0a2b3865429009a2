/* Draws every <div class="chart" data-chart='{...}'> with the vendored Apache ECharts. */
(function () {
  function draw(root) {
    if (!window.echarts) return;
    root.querySelectorAll("div.chart[data-chart]").forEach(function (el) {
      var spec = JSON.parse(el.getAttribute("data-chart"));
      var option = { tooltip: {}, animation: false, grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
                     title: { text: spec.title, textStyle: { fontSize: 14 } } };
      if (spec.type === "pie") {
        option.series = [{ type: "pie", radius: ["35%", "62%"], top: 24, bottom: 24,
          label: { formatter: "{b}：{c}" },
          data: spec.labels.map(function (l, i) {
            return { name: l, value: spec.values[i], itemStyle: spec.colors ? { color: spec.colors[i] } : undefined };
          }).filter(function (d) { return d.value > 0; }) }];
        option.legend = { bottom: 0 };
      } else {
        option.xAxis = { type: "value" };
        option.yAxis = { type: "category", data: spec.labels, inverse: true };
        option.series = (spec.series || [{ name: "", values: spec.values }]).map(function (s) {
          return { type: "bar", stack: "all", name: s.name, data: s.values,
                   itemStyle: s.color ? { color: s.color } : undefined };
        });
        if (spec.series) { option.legend = { bottom: 0 }; option.grid.bottom = 30; }
      }
      (echarts.getInstanceByDom(el) || echarts.init(el)).setOption(option);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.target); });
})();
