/** A catalogue's shape with every string widened: the English catalogue must have the same keys. */
export type Widen<T> = { -readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
