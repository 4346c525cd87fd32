// Choosing a field lights its box on the page image and brings the page into view. Everything on
// the desk works without this script (each field also links to its box, lit by CSS :target).
document.addEventListener("focusin", function (event) {
  var id = event.target && event.target.getAttribute && event.target.getAttribute("data-box");
  document.querySelectorAll(".box.lit").forEach(function (b) { b.classList.remove("lit"); });
  if (!id) return;
  var box = document.getElementById(id);
  if (box) {
    box.classList.add("lit");
    box.scrollIntoView({block: "nearest", inline: "nearest"});
  }
});
