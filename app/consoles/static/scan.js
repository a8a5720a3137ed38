// Scan a QR code with the device camera (jsQR decodes frames), put its text into the form's
// hidden field and submit the form. Typing the number or code works without any of this.
(function () {
  "use strict";
  var box = document.getElementById("scanner");
  if (!box) { return; }
  var video = document.getElementById("scanner-video");
  var status = document.getElementById("scanner-status");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var target = null;

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    box.hidden = true;
  }

  function tick() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var frame = context.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" });
      if (found && found.data) {
        stop();
        var text = found.data.trim();
        // A printed voucher carries its plain code (no dots); the mini-program shows a signed token.
        var codeField = target.getAttribute("data-code-field");
        if (codeField && text.indexOf(".") === -1) {
          document.getElementById(codeField).value = text;
          target.value = "";
        } else {
          target.value = text;
        }
        target.form.submit();
        return;
      }
    }
    window.requestAnimationFrame(tick);
  }

  function start(event) {
    target = document.getElementById(event.currentTarget.getAttribute("data-scan"));
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      window.alert("此设备无法使用摄像头，请直接输入号码");
      return;
    }
    box.hidden = false;
    status.textContent = "正在打开摄像头…";
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (s) {
      stream = s;
      video.srcObject = s;
      status.textContent = "将二维码对准取景框";
      return video.play();
    }).then(function () { window.requestAnimationFrame(tick); }).catch(function () {
      stop();
      window.alert("无法打开摄像头（未授权或不可用），请直接输入号码");
    });
  }

  document.querySelectorAll("[data-scan]").forEach(function (button) {
    button.addEventListener("click", start);
  });
  document.getElementById("scanner-close").addEventListener("click", stop);
}());
