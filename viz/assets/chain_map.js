// Page behaviour of the chain map: levels, drill-down, filters, details panel.
// Expects chainNodes / chainEdges (vis.DataSet) and chainOptions; reads #chain-meta.
(function () {
  "use strict";
  var meta = JSON.parse(document.getElementById("chain-meta").textContent);
  var TIER = { leader: "领导者", follower: "跟随者" };
  var ROLE = { chain_owner: "链主", backbone: "骨干", member: "成员" };
  var STATUS = { identified: "已识别", analyzing: "分析中", tackling: "攻关中", resolved: "已解决" };
  var GRADE_RANK = { "★": 1, "★★": 2, "★★★": 3 };

  var state = {
    link: "", // drilled link node id, "" = whole chain
    province: "", tier: "", role: "", grade: 0, hideIllustrative: false,
  };

  var container = document.getElementById("mynetwork");
  var network = new vis.Network(container, { nodes: chainNodes, edges: chainEdges }, chainOptions);

  var nodeIds = Object.keys(meta.nodes);
  var hiddenNow = {};
  chainNodes.forEach(function (n) { hiddenNow[n.id] = !!n.hidden; });
  var edgeInfo = {};
  var edgeIds = [];
  var edgeHiddenNow = {};
  chainEdges.forEach(function (e) {
    edgeInfo[e.id] = e;
    edgeIds.push(e.id);
    edgeHiddenNow[e.id] = !!e.hidden;
  });

  function linkPasses(linkNodeId) {
    var m = meta.nodes[linkNodeId];
    if (!m) return false;
    if (state.hideIllustrative && m.illustrative) return false;
    return (GRADE_RANK[m.grade] || 0) >= state.grade;
  }

  function enterpriseFilterActive() {
    return state.province !== "" || state.tier !== "" || state.role !== "";
  }

  function enterprisePasses(m) {
    if (state.province !== "" && m.province !== state.province) return false;
    if (state.tier !== "" && m.tier !== state.tier) return false;
    if (state.role !== "" && m.role !== state.role) return false;
    return true;
  }

  function nodeVisible(id) {
    var m = meta.nodes[id];
    if (state.hideIllustrative && m.illustrative) return false;
    var drilled = state.link !== "";
    var drilledRef = drilled ? meta.nodes[state.link].ref : null;
    switch (m.kind) {
      case "segment":
        return !drilled;
      case "link":
        if (drilled) return id === state.link;
        return linkPasses(id);
      case "institution":
        if (drilled) return m.links.indexOf(drilledRef) >= 0;
        return m.links.length === 0 || m.links.some(function (l) { return linkPasses("link:" + l); });
      case "enterprise":
        if (!enterprisePasses(m)) return false;
        if (drilled) return m.links.indexOf(drilledRef) >= 0;
        if (!enterpriseFilterActive()) return false;
        return m.links.some(function (l) { return linkPasses("link:" + l); });
    }
    return true;
  }

  function edgeVisible(id, visible) {
    var e = edgeInfo[id];
    if (state.hideIllustrative && e.illustrative) return false;
    return visible[e.from] && visible[e.to];
  }

  function visibleNodeIds() {
    return nodeIds.filter(function (id) { return !hiddenNow[id]; });
  }

  function apply(refit) {
    var visible = {};
    var nodeChanges = [];
    nodeIds.forEach(function (id) {
      var v = nodeVisible(id);
      visible[id] = v;
      if (hiddenNow[id] === v) { nodeChanges.push({ id: id, hidden: !v }); hiddenNow[id] = !v; }
    });
    var edgeChanges = [];
    edgeIds.forEach(function (id) {
      var v = edgeVisible(id, visible);
      if (edgeHiddenNow[id] === v) { edgeChanges.push({ id: id, hidden: !v }); edgeHiddenNow[id] = !v; }
    });
    if (nodeChanges.length) chainNodes.update(nodeChanges);
    if (edgeChanges.length) chainEdges.update(edgeChanges);
    document.getElementById("back").disabled = state.link === "";
    var crumb = state.link === "" ? "全链 Whole chain" : "环节 › " + meta.nodes[state.link].label;
    document.getElementById("crumb").textContent = crumb;
    document.getElementById("crumb").title = crumb;
    document.getElementById("f-link").value = state.link === "" ? "" : meta.nodes[state.link].ref;
    if (refit) fitVisible();
  }

  function fitVisible() {
    var ids = visibleNodeIds();
    if (state.link !== "") {
      // Frame the drilled link's own grid, not institutions or firms drawn under other links.
      var ref = meta.nodes[state.link].ref;
      var own = ids.filter(function (id) {
        return meta.nodes[id].kind === "enterprise" && meta.nodes[id].group === ref;
      });
      if (own.length) ids = own;
    }
    if (!ids.length) return;
    network.fit({ nodes: ids, animation: false });
    // A block of thousands of enterprises fits only at an unreadable scale: start at its top.
    if (network.getScale() < 0.3 && state.link !== "") {
      var pos = network.getPositions(ids);
      var minY = Infinity, x = 0, n = 0;
      ids.forEach(function (id) {
        if (meta.nodes[id].kind !== "enterprise") return;
        minY = Math.min(minY, pos[id].y); x += pos[id].x; n += 1;
      });
      if (n) network.moveTo({ position: { x: x / n, y: minY + 250 }, scale: 0.6, animation: false });
    }
  }

  function drill(linkNodeId) {
    state.link = linkNodeId || "";
    apply(true);
  }

  // ---- details panel ----
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function section(body, title) { body.appendChild(el("h3", title)); }
  function list(body, items, render) {
    if (!items || !items.length) { body.appendChild(el("p", "—")); return; }
    var ul = el("ul");
    items.forEach(function (it) { var li = el("li"); render(li, it); ul.appendChild(li); });
    body.appendChild(ul);
  }
  function kv(body, rows) {
    var t = el("table");
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === "") return;
      var tr = el("tr"); tr.appendChild(el("th", r[0])); tr.appendChild(el("td", r[1])); t.appendChild(tr);
    });
    body.appendChild(t);
  }
  function linkName(ref) {
    var m = meta.nodes["link:" + ref];
    return m ? m.label : ref;
  }
  // Suppliers and customers of an enterprise, from its supplies edges.
  function partners(id) {
    var out = { suppliers: [], customers: [] };
    network.getConnectedEdges(id).forEach(function (eid) {
      var e = edgeInfo[eid];
      if (e.kind) return;
      var other = e.to === id ? e.from : e.to;
      var p = { name: meta.nodes[other].label, link: linkName(e.link), product: e.title,
                illustrative: !!e.illustrative };
      (e.to === id ? out.suppliers : out.customers).push(p);
    });
    return out;
  }
  function partnerLine(li, p) {
    li.textContent = p.name + " · " + p.link + (p.product ? " · " + p.product : "");
    if (p.illustrative) li.className = "illustrative";
  }

  function showDetails(id) {
    var m = meta.nodes[id];
    var d = m.details;
    var body = document.getElementById("details-body");
    body.textContent = "";
    body.appendChild(el("h2", m.label + (m.grade ? " " + m.grade : "")));
    if (m.label_en) body.appendChild(el("div", m.label_en, "en"));
    if (m.illustrative) body.appendChild(el("div", "示意数据 illustrative", "illustrative"));
    if (d.kind === "link") {
      kv(body, [["所属 Segment", d.segment], ["上级环节 Parent", d.parent],
                ["质量水平 Quality level", d.quality_level], ["来源 Source", d.source]]);
      var stale = meta.stale[m.ref];
      if (stale) {
        section(body, "⟳ 待更新 Data due for update");
        list(body, stale, function (li, r) { li.textContent = r; });
      }
      section(body, "关键质量特性 Quality characteristics");
      list(body, d.quality_characteristics, function (li, q) {
        li.textContent = q.name + (q.target ? " · 目标 " + q.target : "") + (q.current ? " · 现状 " + q.current : "");
      });
      section(body, "风险点 Risk points");
      list(body, d.risk_points, function (li, r) { li.textContent = r; });
      section(body, "未解决质量问题 Open problems");
      list(body, d.open_problems, function (li, p) {
        li.textContent = p.grade + " " + p.title + " (" + p.severity.toFixed(1) + ", " + (STATUS[p.status] || p.status) + ")";
        if (p.illustrative) li.className = "illustrative";
      });
      section(body, "企业 Enterprises (" + d.enterprises.length + ")");
      list(body, d.enterprises.slice(0, 200).map(function (eid) { return meta.nodes[eid]; }), function (li, e) {
        li.textContent = (e.tier === "leader" ? "★ " : "▲ ") + e.label + " · " + TIER[e.tier] + " · " + ROLE[e.role] + " · " + e.province;
        if (e.illustrative) li.className = "illustrative";
      });
      if (d.enterprises.length > 200) body.appendChild(el("p", "… " + (d.enterprises.length - 200) + " more"));
      section(body, "质量技术服务机构 Institutions");
      list(body, d.institutions, function (li, i) {
        li.textContent = i.name + " (" + i.province + ") " + i.accreditations.join("/");
        if (i.capabilities.length) {
          var ul = el("ul");
          i.capabilities.forEach(function (c) {
            ul.appendChild(el("li", [c.product, c.parameter, c.method, c.standard].filter(Boolean).join(" · ")));
          });
          li.appendChild(ul);
        }
      });
    } else if (d.kind === "enterprise") {
      var trade = partners(id);
      kv(body, [["省份 Province", m.province + (m.in_province ? "（省内）" : "（省外）")],
                ["城市 City", [d.city, d.county].filter(Boolean).join(" ")],
                ["质量阶梯 Tier", TIER[m.tier]], ["依据 Tier basis", d.tier_basis],
                ["角色 Role", ROLE[m.role]], ["环节 Links", d.links.join("、")],
                ["来源 Source", d.source]]);
      section(body, "主要产品 Products");
      list(body, d.products, function (li, p) { li.textContent = p; });
      var years = Object.keys(d.revenue_10k_cny || {}).sort();
      if (years.length) {
        section(body, "营收 Revenue (万元)");
        list(body, years, function (li, y) { li.textContent = y + ": " + d.revenue_10k_cny[y]; });
      }
      section(body, "供应商 Suppliers (" + trade.suppliers.length + ")");
      list(body, trade.suppliers, partnerLine);
      section(body, "客户 Customers (" + trade.customers.length + ")");
      list(body, trade.customers, partnerLine);
    } else if (d.kind === "institution") {
      kv(body, [["省份 Province", d.province], ["城市 City", d.city],
                ["资质 Accreditations", d.accreditations.join("、")],
                ["服务环节 Serves", d.serves.join("、")], ["来源 Source", d.source]]);
      section(body, "检验检测能力 Capabilities");
      list(body, d.capabilities, function (li, c) {
        li.textContent = [c.product, c.parameter, c.method, c.standard].filter(Boolean).join(" · ");
      });
    } else if (d.kind === "segment") {
      kv(body, [["企业数 Enterprises", d.enterprise_count], ["未解决问题 Open problems", d.open_problem_count]]);
      section(body, "环节 Links");
      list(body, d.links, function (li, l) { li.textContent = l; });
    }
    document.getElementById("details").hidden = false;
  }

  // ---- wiring ----
  network.on("click", function (params) {
    if (!params.nodes.length) return;
    var id = params.nodes[0];
    showDetails(id);
    if (meta.nodes[id].kind === "link" && state.link !== id) drill(id);
  });
  document.getElementById("back").addEventListener("click", function () { drill(""); });

  // Timeline of monitoring events and versions (guide §5.3.7), newest first.
  var timelineBox = document.getElementById("timeline");
  var timelineList = document.getElementById("timeline-list");
  meta.timeline.slice().reverse().forEach(function (t) {
    var li = el("li");
    li.appendChild(el("span", t.date.slice(0, 10), "date"));
    li.appendChild(el("span", t.kind === "event" ? "事件" : "版本", "tag " + t.kind));
    li.appendChild(document.createTextNode(" " + t.title + (t.triggers_update ? " ⟳" : "")));
    timelineList.appendChild(li);
  });
  document.getElementById("timeline-toggle").addEventListener("click", function () {
    timelineBox.hidden = !timelineBox.hidden;
  });
  document.getElementById("details-close").addEventListener("click", function () {
    document.getElementById("details").hidden = true;
  });

  var provinceSelect = document.getElementById("f-province");
  meta.provinces.forEach(function (p) {
    provinceSelect.appendChild(el("option", p + (p === meta.chain.home ? "（省内）" : "")));
    provinceSelect.lastChild.value = p;
  });
  var linkSelect = document.getElementById("f-link");
  meta.linkOrder.forEach(function (ref) {
    var m = meta.nodes["link:" + ref];
    linkSelect.appendChild(el("option", m.label + (m.grade ? " " + m.grade : "")));
    linkSelect.lastChild.value = ref;
  });

  function setFilter(name, value) {
    if (name === "link") { drill(value ? "link:" + value : ""); return; }
    if (name === "grade") value = Number(value) || 0;
    if (name === "hideIllustrative") value = !!value;
    state[name] = value;
    apply(true);
  }
  [["f-province", "province"], ["f-tier", "tier"], ["f-role", "role"], ["f-link", "link"], ["f-grade", "grade"]]
    .forEach(function (pair) {
      document.getElementById(pair[0]).addEventListener("change", function (ev) {
        setFilter(pair[1], ev.target.value);
      });
    });
  document.getElementById("f-illustrative").addEventListener("change", function (ev) {
    setFilter("hideIllustrative", ev.target.checked);
  });

  network.once("afterDrawing", function () {
    window.chainMapFirstDrawMs = performance.now();
    document.body.setAttribute("data-drawn", "1");
    // Only now does the canvas have its size; fitting earlier leaves the chain cut off.
    fitVisible();
  });
  // vis-network emits this once it has resized the canvas to its box (window resized, legend
  // folded); a fit made before that would be rescaled under the user's pointer.
  network.on("resize", function () { fitVisible(); });

  // For scripts and tests driving the page.
  window.chainMap = {
    network: network, nodes: chainNodes, edges: chainEdges, meta: meta, state: state,
    drill: drill, setFilter: setFilter, showDetails: showDetails,
    visibleNodeIds: visibleNodeIds,
  };
})();
