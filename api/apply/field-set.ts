// A set of field paths as a tree, like upstream's fieldpath.Set: at each level the elements that are
// themselves in the set (members) and the subtrees below elements (children). An element can be both
// (a list item owned as a whole and some of its fields).
import { compareElements, type FieldPath, type PathElement } from './path-element.js';

export class FieldSet {
  readonly members = new Set<PathElement>();
  readonly children = new Map<PathElement, FieldSet>();

  /** Adds a path; the empty path (the object itself) is never a member. */
  insert(path: FieldPath): void {
    if (path.length === 0) return;
    const [first, ...rest] = path;
    if (rest.length === 0) {
      this.members.add(first);
      return;
    }
    let child = this.children.get(first);
    if (!child) this.children.set(first, (child = new FieldSet()));
    child.insert(rest);
  }

  /** The subtree below `path`, or undefined. */
  at(path: FieldPath): FieldSet | undefined {
    if (path.length === 0) return this;
    return this.children.get(path[0])?.at(path.slice(1));
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    return this.at(path.slice(0, -1))?.members.has(path[path.length - 1]) ?? false;
  }

  /** Whether `path` or anything below it is in the set. */
  hasAtOrBelow(path: FieldPath): boolean {
    if (this.has(path)) return true;
    const below = this.at(path);
    return below !== undefined && !below.isEmpty();
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const child of this.children.values()) if (!child.isEmpty()) return false;
    return true;
  }

  union(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const pe of [...this.members, ...other.members]) out.members.add(pe);
    for (const pe of new Set([...this.children.keys(), ...other.children.keys()])) {
      const a = this.children.get(pe), b = other.children.get(pe);
      const merged = a && b ? a.union(b) : (a ?? (b as FieldSet)).union(new FieldSet());
      if (!merged.isEmpty()) out.children.set(pe, merged);
    }
    return out;
  }

  /** The paths in this set and not in `other` (path by path: a member of `other` does not remove what lies below it). */
  difference(other: FieldSet): FieldSet {
    return this.subtract(other, false);
  }

  /** This set without the members of `other` and everything below them. */
  recursiveDifference(other: FieldSet): FieldSet {
    return this.subtract(other, true);
  }

  private subtract(other: FieldSet, recursive: boolean): FieldSet {
    const out = new FieldSet();
    for (const pe of this.members) if (!other.members.has(pe)) out.members.add(pe);
    for (const [pe, child] of this.children) {
      if (recursive && other.members.has(pe)) continue;
      const o = other.children.get(pe);
      const rest = o ? child.subtract(o, recursive) : child.union(new FieldSet());
      if (!rest.isEmpty()) out.children.set(pe, rest);
    }
    return out;
  }

  intersection(other: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const pe of this.members) if (other.members.has(pe)) out.members.add(pe);
    for (const [pe, child] of this.children) {
      const o = other.children.get(pe);
      if (!o) continue;
      const both = child.intersection(o);
      if (!both.isEmpty()) out.children.set(pe, both);
    }
    return out;
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  /** Every member path, in upstream's order. */
  paths(): PathElement[][] {
    const out: PathElement[][] = [];
    const walk = (node: FieldSet, prefix: PathElement[]): void => {
      const elements = [...new Set([...node.members, ...node.children.keys()])].sort(compareElements);
      for (const pe of elements) {
        if (node.members.has(pe)) out.push([...prefix, pe]);
        const child = node.children.get(pe);
        if (child) walk(child, [...prefix, pe]);
      }
    };
    walk(this, []);
    return out;
  }

  static of(paths: Iterable<FieldPath>): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }
}
