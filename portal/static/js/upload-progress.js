// A progress bar while a large file uploads and is checked. Without JavaScript the form posts
// as usual; with it, the same POST goes through XMLHttpRequest so the upload can be measured.
document.querySelectorAll("form[data-upload-progress]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.FormData || !form.querySelector("input[type=file]").files.length) return;
    event.preventDefault();
    const box = form.querySelector(".upload-progress");
    const bar = box.querySelector("progress");
    const button = form.querySelector("button[type=submit]");
    box.hidden = false;
    button.disabled = true;
    const request = new XMLHttpRequest();
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", (progress) => {
      if (progress.lengthComputable) bar.value = Math.round((progress.loaded / progress.total) * 90);
    });
    request.upload.addEventListener("load", () => { bar.removeAttribute("value"); });
    request.addEventListener("load", () => {
      if (request.responseURL && request.responseURL !== (form.action || window.location.href)) {
        window.location.assign(request.responseURL);
        return;
      }
      document.open();
      document.write(request.responseText);
      document.close();
    });
    request.addEventListener("error", () => { form.submit(); });
    request.send(new FormData(form));
  });
});
