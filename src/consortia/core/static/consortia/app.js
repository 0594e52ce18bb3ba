// The platform's few behaviours, bound from data attributes: the Content-Security-Policy allows
// no inline script or event handler.
//   <select data-autosubmit>        submits its form when changed
//   <form data-confirm="Question?">  asks before it is submitted
//   <input data-select-on-click>     selects its text when clicked (a URL to copy)
document.addEventListener("change", (event) => {
  const field = event.target.closest("[data-autosubmit]");
  if (field && field.form) field.form.requestSubmit();
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
document.addEventListener("click", (event) => {
  const field = event.target.closest("[data-select-on-click]");
  if (field) field.select();
});
