// The timeout warning (GOV.UK pattern): two minutes before an idle session would end, a modal
// dialog offers "Stay signed in", which tells the server the user is still here without leaving
// the page (so nothing typed is lost). The server enforces the timeout whatever happens here;
// without JavaScript the dialog never shows.
const dialog = document.querySelector('[data-tandem-timeout]')

if (dialog && typeof dialog.showModal === 'function') {
  const idle = Number(dialog.dataset.idleSeconds) * 1000
  const warning = Math.min(Number(dialog.dataset.warningSeconds) * 1000, idle / 2)
  const form = dialog.querySelector('[data-tandem-timeout-form]')
  const stay = dialog.querySelector('[data-tandem-timeout-stay]')
  const text = dialog.querySelector('[data-tandem-timeout-text]')
  const signedOut = dialog.querySelector('[data-tandem-timeout-signed-out]')
  let warnTimer
  let endTimer

  const start = () => {
    clearTimeout(warnTimer)
    clearTimeout(endTimer)
    warnTimer = setTimeout(() => dialog.showModal(), idle - warning)
    endTimer = setTimeout(() => {
      text.textContent = 'You have been signed out because you had not used Tandem for a while. ' +
        'Anything you had not saved has not been kept.'
      stay.hidden = true
      signedOut.hidden = false
      if (!dialog.open) dialog.showModal()
      signedOut.focus()
    }, idle)
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        body: new FormData(form),
        credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch' }
      })
      if (response.status !== 204) throw new Error(`keep-alive answered ${response.status}`)
      dialog.close()
      start()
    } catch {
      form.submit()
    }
  })

  start()
}
