// Package htmlpage reads HTML reference pages into page.Page.
//
// It knows two dialects, told apart by their markup and never by file name:
//
//   - Huawei doc-export HTML (model.DialectDocExport): h1.topictitle1,
//     h4.sectiontitle, tables with "<b>Table N </b>Caption" captions and
//     cellrowborder cells, an <a name> anchor before the title. Copies taken
//     from a repository browser carry a few lines of text before the markup;
//     they are skipped and lines are counted from the first line of markup.
//   - Sphinx/docutils HTML (model.DialectSphinx): the content of
//     div.body[role=main], sections with h1..h6, table.docutils, highlighted
//     code. Navigation chrome is ignored, except that the breadcrumb's parent
//     becomes a closing "Parent topic:" paragraph, as doc-export pages state
//     it in their own text.
//
// The output is a flat list of blocks in document order; tables, lists and
// cells nest. Notes ("NOTE:", "Note", "Important") become paragraphs prefixed
// "Note: ", "Important: " and so on, whatever the dialect.
package htmlpage
