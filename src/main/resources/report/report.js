// Draws every chart of the report from its inlined ECharts option (SVG, so that print and PDF stay sharp).
(function () {
  'use strict';
  var fr = {
    number: new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 }),
    percent: new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 1 }),
    euro: new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })
  };
  function formatter(kind) {
    var f = fr[kind] || fr.number;
    return function (v) { return typeof v === 'number' ? f.format(v) : v; };
  }
  // the whisker of an estimate's confidence interval: ECharts' custom series draws what this returns
  function errorBar(params, api) {
    var x = api.value(0), low = api.coord([x, api.value(1)]), high = api.coord([x, api.value(2)]);
    var half = api.size([1, 0])[0] * 0.12;
    var style = { stroke: '#000', lineWidth: 1.5 };
    return { type: 'group', children: [
      { type: 'line', shape: { x1: high[0] - half, y1: high[1], x2: high[0] + half, y2: high[1] }, style: style },
      { type: 'line', shape: { x1: low[0], y1: high[1], x2: low[0], y2: low[1] }, style: style },
      { type: 'line', shape: { x1: low[0] - half, y1: low[1], x2: low[0] + half, y2: low[1] }, style: style }
    ] };
  }
  document.querySelectorAll('script.chart-spec').forEach(function (node) {
    var option = JSON.parse(node.textContent);
    var el = document.getElementById(node.getAttribute('data-for'));
    var f = formatter(option._format);
    delete option._format;
    [].concat(option.yAxis || [], option.xAxis || []).forEach(function (axis) {
      if (axis.type === 'value') { axis.axisLabel = Object.assign({ formatter: f }, axis.axisLabel || {}); }
    });
    // ECharts' aria writes its own (English) description: it gets the report's French one instead
    option.aria = Object.assign({}, option.aria, { label: { enabled: true, description: el.getAttribute('aria-label') } });
    option.tooltip = Object.assign({ valueFormatter: f }, option.tooltip || {});
    (option.series || []).forEach(function (s) {
      if (s.renderItem === 'errorBar') { s.renderItem = errorBar; }
    });
    var chart = echarts.init(el, null, { renderer: 'svg', locale: 'EN' });
    chart.setOption(option);
    // a viewBox lets print scale the drawing to the page's column instead of cropping it
    var svg = el.querySelector('svg');
    if (svg && !svg.getAttribute('viewBox')) {
      svg.setAttribute('viewBox', '0 0 ' + svg.getAttribute('width') + ' ' + svg.getAttribute('height'));
    }
  });
})();
