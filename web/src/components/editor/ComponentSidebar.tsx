// The component catalogue (GET /api/v1/all) by category, searchable. A component is dragged
// onto the canvas, or added at the centre with Enter or a click (the keyboard path).
import { useMemo, useState } from 'react';
import type { Catalogue, FrontendNode } from './graphModel';

export const DRAG_TYPE = 'application/x-flowgate-component';

const CATEGORY_NAMES: Record<string, string> = {
  input_output: 'Input & Output',
  models_and_agents: 'Models & Agents',
  llm_operations: 'LLM Operations',
  processing: 'Processing',
  data_source: 'Data Sources',
  files_and_knowledge: 'Files & Knowledge',
  utilities: 'Utilities',
  tools: 'Tools',
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  ollama: 'Ollama',
};

export function categoryName(category: string): string {
  return CATEGORY_NAMES[category] ?? category.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
}

export function ComponentSidebar({ catalogue, onAdd }: { catalogue: Catalogue; onAdd: (type: string, node: FrontendNode) => void }) {
  const [search, setSearch] = useState('');
  const groups = useMemo(() => {
    const term = search.trim().toLowerCase();
    return Object.entries(catalogue)
      .map(([category, components]) => ({
        category,
        items: Object.entries(components).filter(([type, node]) =>
          !term ||
          type.toLowerCase().includes(term) ||
          String(node.display_name ?? '').toLowerCase().includes(term) ||
          String(node.description ?? '').toLowerCase().includes(term),
        ),
      }))
      .filter((group) => group.items.length > 0)
      .sort((a, b) => categoryName(a.category).localeCompare(categoryName(b.category)));
  }, [catalogue, search]);

  return (
    <aside className="editor-sidebar" aria-label="Components">
      <input
        type="search"
        className="input"
        placeholder="Search components"
        aria-label="Search components"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {groups.length === 0 ? <p className="muted small">No component matches.</p> : null}
      {groups.map((group) => (
        <section key={group.category} className="editor-category" aria-label={categoryName(group.category)}>
          <h2 className="editor-category-title">{categoryName(group.category)}</h2>
          <ul className="editor-components">
            {group.items.map(([type, node]) => (
              <li key={type}>
                <button
                  type="button"
                  className="editor-component"
                  draggable
                  title={String(node.description ?? '')}
                  aria-label={`Add ${node.display_name ?? type}`}
                  data-component-type={type}
                  onDragStart={(event) => {
                    event.dataTransfer.setData(DRAG_TYPE, type);
                    event.dataTransfer.effectAllowed = 'move';
                  }}
                  onClick={() => onAdd(type, node)}
                >
                  {node.display_name ?? type}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </aside>
  );
}
