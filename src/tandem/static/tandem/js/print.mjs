// "Print this page" buttons: shown only when JavaScript runs (CSP allows scripts from 'self' only,
// so this is a module, not an inline handler). Without JavaScript the page tells people to use
// their browser's print command instead.
for (const button of document.querySelectorAll('[data-tandem-print]')) {
  button.hidden = false
  button.addEventListener('click', () => window.print())
}
