import './composer-suggestions.css';

export type Suggestion = {
  key: string;
  /** What shows first: "@ada", "👍". */
  primary: string;
  /** Beside it: "Ada Lovelace", ":thumbsup:". */
  secondary: string;
};

export type ComposerSuggestionsProps = {
  id: string;
  label: string;
  items: readonly Suggestion[];
  active: number;
  /** The DOM id of an option (the text box's `aria-activedescendant`). */
  optionId: (index: number) => string;
  onPick: (index: number) => void;
};

/**
 * The composer's autocomplete list: a listbox the text box drives (`aria-activedescendant`), so focus never leaves
 * the text; arrows move, Enter or Tab pick, Escape closes (see Composer). A click picks too.
 */
export function ComposerSuggestions({ id, label, items, active, optionId, onPick }: ComposerSuggestionsProps) {
  return (
    <ul className="suggestions" role="listbox" id={id} aria-label={label}>
      {items.map((item, i) => (
        <li
          key={item.key}
          id={optionId(i)}
          role="option"
          aria-selected={i === active}
          className={`suggestions__item${i === active ? ' suggestions__item--active' : ''}`}
          // Keeps the focus in the text box.
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => onPick(i)}
        >
          <span className="suggestions__primary">{item.primary}</span>
          <span className="suggestions__secondary">{item.secondary}</span>
        </li>
      ))}
    </ul>
  );
}
