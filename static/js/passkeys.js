// Passkeys (WebAuthn) for the forms of templates/_macros/passkeys.html: ask the browser to
// create or use a passkey with the server's options, put the answer (JSON) in the form's
// hidden field and submit it. Without WebAuthn the form keeps its Thai notice and no button.
(function () {
  "use strict";

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) { base64 += "="; }
    var raw = atob(base64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) { bytes[i] = raw.charCodeAt(i); }
    return bytes.buffer;
  }

  function toText(buffer) {
    if (!buffer) { return null; }
    var bytes = new Uint8Array(buffer);
    var raw = "";
    for (var i = 0; i < bytes.length; i += 1) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBytes(list) {
    return (list || []).map(function (item) {
      return { type: item.type, id: toBytes(item.id), transports: item.transports };
    });
  }

  function creationOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = withBytes(options.excludeCredentials);
    return options;
  }

  function requestOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = withBytes(options.allowCredentials);
    return options;
  }

  function answer(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toText(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      json.response.attestationObject = toText(response.attestationObject);
      if (response.getTransports) { json.response.transports = response.getTransports(); }
    } else {
      json.response.authenticatorData = toText(response.authenticatorData);
      json.response.signature = toText(response.signature);
      json.response.userHandle = toText(response.userHandle) || undefined;
    }
    return JSON.stringify(json);
  }

  var supported = !!(window.PublicKeyCredential && navigator.credentials &&
                     navigator.credentials.create && navigator.credentials.get);

  document.querySelectorAll("form[data-passkey]").forEach(function (form) {
    if (!supported) { return; }
    form.querySelector(".passkey-unsupported").hidden = true;
    form.querySelector(".passkey-controls").hidden = false;
    var status = form.querySelector(".passkey-status");
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-answered") === "yes") { return; }
      event.preventDefault();
      status.textContent = "";
      button.disabled = true;
      var options = JSON.parse(form.getAttribute("data-options"));
      var creating = form.getAttribute("data-passkey") === "create";
      var asked = creating
        ? navigator.credentials.create({ publicKey: creationOptions(options) })
        : navigator.credentials.get({ publicKey: requestOptions(options) });
      asked.then(function (credential) {
        form.querySelector("input[name=credential]").value = answer(credential);
        form.setAttribute("data-answered", "yes");
        form.submit();
      }).catch(function () {
        button.disabled = false;
        status.textContent = form.getAttribute("data-failed");
      });
    });
  });
}());
