/** Finds each data-widget element and renders its component with the JSON the page put beside it. */
import { render, type ComponentType } from 'preact';

const registry: Record<string, ComponentType<{ data: unknown; el: HTMLElement }>> = {};

/** A widget's component, given the page's JSON as its data (the page and the component agree on its shape). */
export function registerWidget<T>(name: string, component: ComponentType<{ data: T; el: HTMLElement }>): void {
  registry[name] = component as ComponentType<{ data: unknown; el: HTMLElement }>;
}

export function mountWidgets(root: Document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-widget]')) {
    const Component = registry[el.dataset.widget ?? ''];
    if (!Component) continue;
    const source = el.querySelector('script[type="application/json"]');
    const data: unknown = source?.textContent ? JSON.parse(source.textContent) : {};
    el.replaceChildren();
    render(<Component data={data} el={el} />, el);
  }
}
