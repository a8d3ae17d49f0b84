// The embed script for documentation sites:
//
//   <script src="https://…/retort/embed.js" defer></script>
//   <div data-retort-example="tutorial" data-height="560"></div>
//
// Each element with data-retort-example becomes an iframe of the playground
// (index.html beside this script) in its compact layout (?embed=1), opened
// at that lesson ("" for the tutorial's start). The iframe loads lazily.

const script = document.currentScript as HTMLScriptElement | null;
const base = new URL('.', script?.src ?? location.href);

function mount(el: HTMLElement): void {
  if (el.dataset.retortMounted) return;
  el.dataset.retortMounted = '1';
  const example = el.dataset.retortExample ?? '';
  const url = new URL('index.html', base);
  url.searchParams.set('embed', '1');
  if (example) url.searchParams.set('example', example);
  const frame = document.createElement('iframe');
  frame.src = url.href;
  frame.title = `Retort playground${example ? `: ${example}` : ''}`;
  frame.loading = 'lazy';
  frame.style.width = '100%';
  frame.style.height = /^\d+$/.test(el.dataset.height ?? '') ? `${el.dataset.height}px` : el.dataset.height || '560px';
  frame.style.border = '1px solid #d8dde6';
  frame.style.borderRadius = '8px';
  el.replaceChildren(frame);
}

function mountAll(): void {
  document.querySelectorAll<HTMLElement>('[data-retort-example]').forEach(mount);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mountAll);
else mountAll();
