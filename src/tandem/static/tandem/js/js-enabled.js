// Runs before the page is drawn so GOV.UK Frontend components can style themselves for JavaScript.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
