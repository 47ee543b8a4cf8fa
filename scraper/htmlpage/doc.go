// Package htmlpage reads HTML reference pages into page.Page.
//
// It knows two dialects, told apart by their markup and never by file name
// (Sniff):
//
//   - Huawei doc-export HTML (model.DialectDocExport): h1.topictitle1,
//     h4.sectiontitle (read as level 2), tables with "<b>Table N </b>Caption"
//     captions and cellrowborder cells, an <a name> anchor before the title.
//     Copies taken from a repository browser carry a few lines of text before
//     the markup; they are skipped, and lines stay those of the file as
//     given (preamble included), so that file:line opens the right row.
//   - Sphinx/docutils HTML (model.DialectSphinx): the content of
//     div.body[role=main], sections with h1..h6 (permalinks dropped),
//     table.docutils, highlighted code. Navigation chrome is ignored, except
//     that the breadcrumb's parent becomes a closing "Parent topic: X"
//     paragraph, as doc-export pages write it in their own text.
//
// The output is a flat list of blocks in document order; tables, lists and
// cells nest. Both dialects come out alike:
//
//   - Notes ("NOTE:", "Note", "Important") become a paragraph prefixed
//     "Note: ", "Important: ", ...; a note that starts with a list gives a
//     paragraph "Note:" before the list.
//   - Table.ID is what in-page links name: the empty anchors just before the
//     table (<a name>, docutils' <span id>), else the table's id. A cell
//     "<a href="#X">Member</a> object" links to the table whose ID is X.
//   - Cells spanning rows or columns are repeated in each row and column they
//     cover; rows are padded to the header's width.
//
// The tree is html.Parse's. Generated pages close every element where they
// open it, and on such markup the HTML5 tree construction never repairs
// anything: fastParse (fastparse.go) builds that tree in one pass over the
// bytes, with the start tags' lines on the way, and leaves a page to
// html.Parse at the first token where the parser would do more than
// append, push or pop (a paragraph closed by a block, an implied end tag or
// table part, foreign content, ...). Every page of sources/ and of the
// corpus takes the fast path and gets html.Parse's tree node for node
// (TestFastParseSameTree, FuzzFastParse). For the others, lines come from
// one byte scan of the start tags, paired in document order with the
// elements the parser made (see lines.go). Reading a page costs less than
// html.Parse alone.
package htmlpage
