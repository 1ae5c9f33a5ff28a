// intro.js: the introduction's behaviour. It shows on a first visit, stays
// folded once dismissed (remembered where storage allows; an embedded frame
// may block it) and for a shared link that names a lesson or settings, and
// "About this lab" opens it again.
const INTRO_KEY = 'flatline-intro-dismissed';

/** Wires the intro section and its buttons; onTry() runs the post's first example. */
export function setUpIntro({ intro, open, dismiss, tryIt }, onTry) {
  let dismissed = false;
  try {
    dismissed = window.localStorage.getItem(INTRO_KEY) === '1';
  } catch {
    dismissed = false; // storage may be blocked in an embedded frame
  }
  intro.hidden = dismissed || window.location.hash.length > 1;
  open.addEventListener('click', () => {
    intro.hidden = false;
    tryIt.focus();
  });
  const hide = () => {
    intro.hidden = true;
    try {
      window.localStorage.setItem(INTRO_KEY, '1');
    } catch {
      // nothing to remember it in
    }
  };
  dismiss.addEventListener('click', hide);
  tryIt.addEventListener('click', () => {
    hide();
    onTry();
  });
}
