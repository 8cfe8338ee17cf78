// Draws the lessons' ```mermaid blocks with the site's own copy of Mermaid (no CDN).
// Material would draw them too, but inside a closed shadow root, shrunk to the column's
// width: unreadable on a phone. Here a diagram keeps its natural size and scrolls
// sideways when the screen is narrower, and follows the light or dark colour scheme.
(function () {
  "use strict";

  function scheme() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "default";
  }

  function draw(diagrams) {
    mermaid.initialize({ startOnLoad: false, theme: scheme(), securityLevel: "strict" });
    diagrams.forEach(function (diagram) {
      diagram.removeAttribute("data-processed");
      diagram.textContent = diagram.dataset.source;
    });
    return mermaid.run({ nodes: diagrams }).then(function () {
      diagrams.forEach(function (diagram) {
        var svg = diagram.querySelector("svg");
        // Mermaid sets the natural width as max-width and then scales to the column.
        if (svg && svg.style.maxWidth) svg.style.width = svg.style.maxWidth;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var diagrams = Array.prototype.map.call(document.querySelectorAll("pre.diagram"), function (block) {
      var diagram = document.createElement("div");
      diagram.className = "diagram";
      diagram.dataset.source = block.textContent;
      block.replaceWith(diagram);
      return diagram;
    });
    if (!diagrams.length) return;
    draw(diagrams).then(function () {
      document.body.setAttribute("data-diagrams", "drawn");
    });
    new MutationObserver(function () { draw(diagrams); })
      .observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  });
})();
