// After django-otp-webauthn has saved a new passkey, go on to the next step
// (recovery codes, or the sign-ins page). Kept out of the page because the
// Content-Security-Policy forbids inline scripts.
const setup = document.getElementById("passkey-setup");
if (setup) {
  document.addEventListener("otp_webauthn.register_complete", () => {
    window.location.assign(setup.dataset.after);
  });
}
