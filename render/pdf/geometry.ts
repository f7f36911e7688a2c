/**
 * Page geometry in PDF points (1/72 inch). The cover letter follows DIN 5008 form B on A4: its
 * address field (20 mm from the left edge, 45 mm from the top, 85 x 45 mm) shows through the
 * window of a DL or C5/6 window envelope made to DIN 680 / ISO 269 (window 90 x 45 mm, 20 mm
 * from the left), once the sheet is folded in three at the form B fold marks (105 mm, 210 mm).
 */
export const MM = 72 / 25.4;
export const mm = (value: number): number => value * MM;

export const A4 = { width: mm(210), height: mm(297) };

/** DIN 5008 form B address field, the area the window shows. */
export const WINDOW = { x: mm(20), y: mm(45), width: mm(85), height: mm(45) };

/**
 * Inside the field: the first 17.7 mm are the endorsement zone, whose last line carries the
 * sender's return address; the recipient's address takes the 27.3 mm below it (6 lines). Text
 * starts 5 mm in from the field's edge, so envelope tolerances never clip it.
 */
export const RETURN_LINE = { x: mm(25), y: mm(45 + 12.7), width: mm(75), height: mm(5) };
export const ADDRESS_ZONE = { x: mm(25), y: mm(45 + 17.7), width: mm(75), height: mm(27.3) };

/** DIN 5008 form B information block (date, reference, hotline): 125 mm from the left, 50 mm down. */
export const INFO_BLOCK = { x: mm(125), y: mm(50), width: mm(75) };

/** Fold marks and the punch (centre) mark, drawn in the left margin. */
export const FOLD_MARKS = [mm(105), mm(210)];
export const PUNCH_MARK = mm(148.5);

/** Text margins: DIN 5008 keeps 25 mm on the left and at least 20 mm on the right. */
export const MARGIN = { left: mm(25), right: mm(20), top: mm(20), bottom: mm(25) };

/** Where the letter's text begins on its first page (DIN 5008 form B: the subject line at 98.46 mm). */
export const BODY_TOP = mm(98.46);
