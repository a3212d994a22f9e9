using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Amparo.Server.Features.Exports;

/// <summary>One line of a PDF export: a label and its answer, or a heading (a subform row, a separator).</summary>
internal sealed record PdfLine(string Label, string Value, int Indent = 0, bool Heading = false);

/// <summary>A form of the record, as it goes into the PDF.</summary>
internal sealed record PdfSection(string Title, IReadOnlyList<PdfLine> Lines);

/// <summary>What a record PDF shows: a title, a summary of the hand-over, the forms, and a line repeated on every page.</summary>
internal sealed record PdfContent(string Title, IReadOnlyList<PdfLine> Summary, IReadOnlyList<PdfSection> Sections, string PageFooter);

/// <summary>
/// Lays a <see cref="PdfContent"/> out on A4 pages with PDFsharp: two columns (label, answer), words wrapped, long
/// words broken, a new page when the next block does not fit. Plain drawing rather than a layout engine: the document
/// is a list of questions and answers, and MigraDoc (PDFsharp's layout layer) is not among the packages served here.
/// Right-to-left scripts are drawn letter by letter without shaping (PDFsharp has none) — see ADR 0015.
/// </summary>
internal static class RecordPdf
{
    private const double Margin = 42, LabelShare = 0.38, Gap = 10, LineGap = 2.5;

    public static byte[] Render(PdfContent content)
    {
        using var document = new PdfDocument();
        // Document properties travel with the file and show in every viewer: they carry nothing about the child.
        document.Info.Title = "Amparo export";
        document.Info.Creator = "Amparo";
        var writer = new Writer(document, content.PageFooter);
        writer.Title(content.Title);
        foreach (var line in content.Summary) writer.Line(line);
        foreach (var section in content.Sections)
        {
            writer.Section(section.Title);
            foreach (var line in section.Lines) writer.Line(line);
        }
        writer.Finish();
        using var stream = new MemoryStream();
        document.Save(stream, false);
        return stream.ToArray();
    }

    private sealed class Writer(PdfDocument document, string footer)
    {
        private readonly XFont _title = new(ExportFonts.Family, 15, XFontStyleEx.Bold);
        private readonly XFont _section = new(ExportFonts.Family, 11.5, XFontStyleEx.Bold);
        private readonly XFont _label = new(ExportFonts.Family, 8.5, XFontStyleEx.Bold);
        private readonly XFont _value = new(ExportFonts.Family, 8.5, XFontStyleEx.Regular);
        private readonly XFont _small = new(ExportFonts.Family, 7, XFontStyleEx.Regular);
        private XGraphics? _gfx;
        private PdfPage? _page;
        private double _y;

        private double Width => _page!.Width.Point - 2 * Margin;
        private double Bottom => _page!.Height.Point - Margin - 14;

        public void Title(string text)
        {
            EnsureRoom(30);
            foreach (var row in Wrap(text, _title, Width)) Draw(row, _title, Margin, _title.GetHeight());
            _y += 8;
        }

        public void Section(string text)
        {
            // A heading never stands alone at the foot of a page.
            EnsureRoom(_section.GetHeight() * 2 + 20);
            _y += 8;
            foreach (var row in Wrap(text, _section, Width)) Draw(row, _section, Margin, _section.GetHeight());
            _gfx!.DrawLine(XPens.Gray, Margin, _y + 1, Margin + Width, _y + 1);
            _y += 5;
        }

        public void Line(PdfLine line)
        {
            var indent = Math.Min(line.Indent, 4) * 12;
            var left = Margin + indent;
            var available = Width - indent;
            if (line.Heading)
            {
                var rows = Wrap(line.Label, _label, available);
                EnsureRoom(rows.Count * (_label.GetHeight() + LineGap) + 4);
                _y += 3;
                foreach (var row in rows) Draw(row, _label, left, _label.GetHeight() + LineGap);
                return;
            }
            // Answers keep one column whatever the indent, so a subform row's answers line up with the form's.
            var labelWidth = Width * LabelShare - indent;
            var labels = Wrap(line.Label, _label, labelWidth - Gap);
            var values = Wrap(line.Value, _value, available - labelWidth);
            var step = _value.GetHeight() + LineGap;
            for (var i = 0; i < Math.Max(labels.Count, values.Count); i++)
            {
                EnsureRoom(step);
                if (i < labels.Count) _gfx!.DrawString(labels[i], _label, XBrushes.DimGray, left, _y, XStringFormats.TopLeft);
                if (i < values.Count) _gfx!.DrawString(values[i], _value, XBrushes.Black, left + labelWidth, _y, XStringFormats.TopLeft);
                _y += step;
            }
            _y += 1.5;
        }

        public void Finish() => _gfx?.Dispose();

        private void Draw(string text, XFont font, double x, double step)
        {
            _gfx!.DrawString(text, font, XBrushes.Black, x, _y, XStringFormats.TopLeft);
            _y += step;
        }

        private void EnsureRoom(double height)
        {
            if (_page is not null && _y + height <= Bottom) return;
            _gfx?.Dispose();
            _page = document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
            var foot = $"{footer} · {document.PageCount}";
            _gfx.DrawString(foot, _small, XBrushes.Gray, Margin, _page.Height.Point - Margin, XStringFormats.TopLeft);
        }

        /// <summary>Greedy word wrap; a word wider than the column is cut where it stops fitting. Blank text is one empty row.</summary>
        private List<string> Wrap(string text, XFont font, double width)
        {
            var rows = new List<string>();
            foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
            {
                var current = "";
                foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    var candidate = current.Length == 0 ? word : current + " " + word;
                    if (Fits(candidate, font, width)) { current = candidate; continue; }
                    if (current.Length > 0) rows.Add(current);
                    current = word;
                    while (!Fits(current, font, width) && current.Length > 1)
                    {
                        var cut = current.Length - 1;
                        while (cut > 1 && !Fits(current[..cut], font, width)) cut--;
                        rows.Add(current[..cut]);
                        current = current[cut..];
                    }
                }
                rows.Add(current);
            }
            return rows;
        }

        // The title opens the first page before anything is measured, so a page's graphics are always there to measure with.
        private bool Fits(string text, XFont font, double width) => _gfx!.MeasureString(text, font).Width <= width;
    }
}
