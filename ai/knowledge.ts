/**
 * Which of the workspace's knowledge snippets speak to what a customer wrote:
 * the cosine of the two as sets of stems weighed by how rare each stem is
 * among the snippets (a word every snippet uses, such as the product's name,
 * says nothing about which one fits). A snippet's title is the team's own
 * name for what it is about, so its words count twice.
 */
import type { KnowledgeSnippet } from "./tasks";
import { terms } from "./text";

/** Below this a snippet shares only common words with the message (measured on the demo's conversations). */
export const RELEVANT_KNOWLEDGE = 0.16;

const stems = (text: string) => new Set(terms(text).map((term) => term.key));

export function rankKnowledge(knowledge: KnowledgeSnippet[], customerText: string): { snippet: KnowledgeSnippet; score: number }[] {
  const snippets = knowledge.map((snippet) => ({ snippet, title: stems(snippet.title), words: stems(`${snippet.title} ${snippet.text}`) }));
  const holding = new Map<string, number>();
  for (const { words } of snippets) for (const word of words) holding.set(word, (holding.get(word) ?? 0) + 1);
  // A stem no snippet holds is as rare as can be: it weighs on the message's side of the cosine.
  const idf = (word: string) => Math.log(1 + knowledge.length / (holding.get(word) ?? 1));
  const asked = stems(customerText);
  let askedNorm = 0;
  for (const word of asked) askedNorm += idf(word) ** 2;

  return snippets
    .map(({ snippet, title, words }) => {
      const weight = (word: string) => (title.has(word) ? 2 : 1) * idf(word);
      let shared = 0;
      let norm = 0;
      for (const word of words) {
        norm += weight(word) ** 2;
        if (asked.has(word)) shared += weight(word) * idf(word);
      }
      return { snippet, score: shared / (Math.sqrt(norm * askedNorm) || 1) };
    })
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score);
}
