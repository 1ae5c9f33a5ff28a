// intro.js: the introduction's behaviour. It shows on a first visit, stays
// folded once dismissed (remembered where storage allows; an embedded frame
// may block it) and for a shared link that names a lesson or settings, and
// "About this lab" opens it again. It offers the lessons by name.
const INTRO_KEY = 'flatline-intro-dismissed';

/**
 * Wires the intro section and its buttons; onTry() runs the post's first example; store keeps the dismissal.
 * Returns { offer(lessons, onOpen): a button per lesson ([{ name, title }]), which folds the intro and opens it;
 * fold(): folds it for this visit (a run started), without remembering }.
 */
export function setUpIntro({ intro, open, dismiss, tryIt, lessons }, onTry, store) {
  const dismissed = store.read(INTRO_KEY, 'introduction setting', (v) => v === 1 || 'it is not a yes') === 1;
  intro.hidden = dismissed || window.location.hash.length > 1;
  open.addEventListener('click', () => {
    intro.hidden = false;
    tryIt.focus();
  });
  const hide = () => {
    intro.hidden = true;
    store.write(INTRO_KEY, 1);
  };
  dismiss.addEventListener('click', hide);
  tryIt.addEventListener('click', () => {
    hide();
    onTry();
  });
  const offer = (list, onOpen) => {
    const label = Object.assign(document.createElement('span'), { textContent: 'Lessons:' });
    const buttons = list.map(({ name, title }) => {
      const b = Object.assign(document.createElement('button'), { type: 'button', textContent: title });
      b.addEventListener('click', () => {
        hide();
        onOpen(name);
      });
      return b;
    });
    lessons.replaceChildren(label, ...buttons);
  };
  return { offer, fold: () => { intro.hidden = true; } };
}
