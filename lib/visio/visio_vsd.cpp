/*
 * The one C++ file of Kartla: a librevenge drawing interface that collects
 * what libvisio draws from a binary .vsd (pages, layers, paths, text) into
 * the plain C structs of visio_vsd.h. No decision is made here; the C side
 * (visio_geom.c) reconstructs BPMN from the geometry.
 *
 * Every exception stops at the extern "C" boundary.
 */
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include <librevenge-stream/librevenge-stream.h>
#include <librevenge/librevenge.h>
#include <libvisio/libvisio.h>

#include "visio_vsd.h"

namespace
{

const size_t kMaxObjs = 20001; // per page: VS_MAX_SHAPES + 1, so that C sees the excess
const size_t kMaxPaths = 64;   // per object
const size_t kMaxPages = 1024;
const size_t kMaxText = 4096; // bytes of text kept per object

struct Obj {
	std::vector<vs_raw_path> paths;
	bool layer = false;
	bool has_text = false;
	std::string text;
	double tx0 = 0, ty0 = 0, tx1 = 0, ty1 = 0;
};

struct Page {
	std::string name;
	double width = 11, height = 8.5;
	std::vector<Obj> objs;
};

double num(const librevenge::RVNGPropertyList &p, const char *key, double def = 0)
{
	const librevenge::RVNGProperty *v = p[key];
	double d = v ? v->getDouble() : def;

	return std::isfinite(d) && std::fabs(d) < 1e5 ? d : def;
}

void extend(vs_raw_path &r, double x, double y)
{
	if (r.nall == 0 || x < r.x0)
		r.x0 = x;
	if (r.nall == 0 || y < r.y0)
		r.y0 = y;
	if (r.nall == 0 || x > r.x1)
		r.x1 = x;
	if (r.nall == 0 || y > r.y1)
		r.y1 = y;
}

void point(vs_raw_path &r, double x, double y)
{
	extend(r, x, y);
	/* the first points, and always the last one in the last slot */
	int slot = r.npts < VS_RAW_PTS ? r.npts++ : VS_RAW_PTS - 1;

	r.pts[slot][0] = x;
	r.pts[slot][1] = y;
	r.nall++;
}

/* Extends the box by the arc from (x0,y0) to (x1,y1) (SVG endpoint parameters, F.6.5). */
void arc_box(vs_raw_path &r, double x0, double y0, double x1, double y1, double rx, double ry,
             double rot_deg, bool large, bool sweep)
{
	const double pi = 3.14159265358979323846;
	double phi = rot_deg * pi / 180, c = std::cos(phi), s = std::sin(phi);
	double dx = (x0 - x1) / 2, dy = (y0 - y1) / 2;
	double xp = c * dx + s * dy, yp = -s * dx + c * dy;

	rx = std::fabs(rx);
	ry = std::fabs(ry);
	if (rx < 1e-9 || ry < 1e-9)
		return;
	double lam = xp * xp / (rx * rx) + yp * yp / (ry * ry);
	if (lam > 1) {
		rx *= std::sqrt(lam);
		ry *= std::sqrt(lam);
	}
	double num2 = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp;
	double den = rx * rx * yp * yp + ry * ry * xp * xp;
	double k = den > 0 && num2 > 0 ? std::sqrt(num2 / den) : 0;
	if (large == sweep)
		k = -k;
	double cxp = k * rx * yp / ry, cyp = -k * ry * xp / rx;
	double cx = c * cxp - s * cyp + (x0 + x1) / 2, cy = s * cxp + c * cyp + (y0 + y1) / 2;
	double t0 = std::atan2((yp - cyp) / ry, (xp - cxp) / rx);
	double t1 = std::atan2((-yp - cyp) / ry, (-xp - cxp) / rx);
	double dt = t1 - t0;
	if (sweep && dt < 0)
		dt += 2 * pi;
	else if (!sweep && dt > 0)
		dt -= 2 * pi;
	for (int i = 1; i < 16; i++) {
		double t = t0 + dt * i / 16;
		double ex = rx * std::cos(t), ey = ry * std::sin(t);

		extend(r, cx + c * ex - s * ey, cy + s * ex + c * ey);
	}
}

class Collector : public librevenge::RVNGDrawingInterface
{
      public:
	std::vector<Page> pages;

      private:
	librevenge::RVNGPropertyList style_;
	int layer_depth_ = 0;
	bool in_text_ = false;

	Page *page()
	{
		return pages.empty() ? nullptr : &pages.back();
	}

	Obj *current(bool new_obj)
	{
		Page *p = page();

		if (!p || p->objs.size() >= kMaxObjs)
			return nullptr;
		if (new_obj || p->objs.empty())
			p->objs.emplace_back();
		return &p->objs.back();
	}

	vs_raw_path start_path()
	{
		vs_raw_path r;

		std::memset(&r, 0, sizeof r);
		r.marker_start = style_["draw:marker-start-path"] != nullptr;
		r.marker_end = style_["draw:marker-end-path"] != nullptr;
		const librevenge::RVNGProperty *st = style_["draw:stroke"];
		r.dashed = st && st->getStr() == "dash";
		const librevenge::RVNGProperty *fill = style_["draw:fill"];
		r.filled = fill && !(fill->getStr() == "none");
		r.stroke = num(style_, "svg:stroke-width", 0.01);
		return r;
	}

	void add(const vs_raw_path &r)
	{
		Obj *o = current(layer_depth_ == 0);

		if (!o)
			return;
		o->layer = layer_depth_ > 0;
		if (o->paths.size() < kMaxPaths)
			o->paths.push_back(r);
	}

	void path(const librevenge::RVNGPropertyListVector &d)
	{
		vs_raw_path r = start_path();
		double cx = 0, cy = 0, sx = 0, sy = 0;

		for (unsigned long i = 0; i < d.count(); i++) {
			const librevenge::RVNGPropertyList &s = d[i];
			const librevenge::RVNGProperty *a = s["librevenge:path-action"];
			std::string act = a ? a->getStr().cstr() : "";
			double x = num(s, "svg:x", cx), y = num(s, "svg:y", cy);

			if (act == "Z" || act == "z") {
				r.closed = 1;
				continue;
			}
			if (act == "M") {
				sx = x;
				sy = y;
			} else if (act == "L" || act == "H" || act == "V") {
				r.lines++;
			} else if (act == "A") {
				const librevenge::RVNGProperty *la = s["librevenge:large-arc"];
				const librevenge::RVNGProperty *sw = s["librevenge:sweep"];
				r.arcs++;
				arc_box(r, cx, cy, x, y, num(s, "svg:rx"), num(s, "svg:ry"),
				        num(s, "librevenge:rotate"), !la || la->getInt(),
				        !sw || sw->getInt()); /* librevenge: missing means 1 */
			} else {
				r.curves++;
			}
			point(r, x, y);
			cx = x;
			cy = y;
		}
		if (r.nall > 2 && std::fabs(cx - sx) < 1e-4 && std::fabs(cy - sy) < 1e-4)
			r.closed = 1;
		if (r.nall > 0)
			add(r);
	}

	void points(const librevenge::RVNGPropertyList &p, bool closed)
	{
		const librevenge::RVNGPropertyListVector *v = p.child("svg:points");
		vs_raw_path r = start_path();

		for (unsigned long i = 0; v && i < v->count(); i++) {
			point(r, num((*v)[i], "svg:x"), num((*v)[i], "svg:y"));
			r.lines += i > 0;
		}
		r.closed = closed;
		if (r.nall > 0)
			add(r);
	}

      public:
	void startDocument(const librevenge::RVNGPropertyList &) override
	{
	}
	void endDocument() override
	{
	}
	void setDocumentMetaData(const librevenge::RVNGPropertyList &) override
	{
	}
	void defineEmbeddedFont(const librevenge::RVNGPropertyList &) override
	{
	}
	void startPage(const librevenge::RVNGPropertyList &p) override
	{
		if (pages.size() >= kMaxPages)
			throw std::length_error("too many pages");
		pages.emplace_back();
		const librevenge::RVNGProperty *n = p["draw:name"];
		pages.back().name = n ? n->getStr().cstr() : "";
		pages.back().width = num(p, "svg:width", 11);
		pages.back().height = num(p, "svg:height", 8.5);
		layer_depth_ = 0;
	}
	void endPage() override
	{
	}
	void startMasterPage(const librevenge::RVNGPropertyList &) override
	{
	}
	void endMasterPage() override
	{
	}
	void setStyle(const librevenge::RVNGPropertyList &p) override
	{
		style_ = p;
	}
	void startLayer(const librevenge::RVNGPropertyList &) override
	{
		if (layer_depth_++ == 0)
			current(true);
	}
	void endLayer() override
	{
		if (layer_depth_ > 0)
			layer_depth_--;
	}
	void startEmbeddedGraphics(const librevenge::RVNGPropertyList &) override
	{
	}
	void endEmbeddedGraphics() override
	{
	}
	void openGroup(const librevenge::RVNGPropertyList &) override
	{
	}
	void closeGroup() override
	{
	}
	void drawRectangle(const librevenge::RVNGPropertyList &p) override
	{
		vs_raw_path r = start_path();
		double x = num(p, "svg:x"), y = num(p, "svg:y");
		double w = num(p, "svg:width"), h = num(p, "svg:height");

		point(r, x, y);
		point(r, x + w, y);
		point(r, x + w, y + h);
		point(r, x, y + h);
		r.lines = 4;
		r.closed = 1;
		add(r);
	}
	void drawEllipse(const librevenge::RVNGPropertyList &p) override
	{
		vs_raw_path r = start_path();
		double cx = num(p, "svg:cx"), cy = num(p, "svg:cy");
		double rx = num(p, "svg:rx"), ry = num(p, "svg:ry");

		point(r, cx + rx, cy);
		extend(r, cx - rx, cy - ry);
		extend(r, cx + rx, cy + ry);
		r.arcs = 2;
		r.closed = 1;
		add(r);
	}
	void drawPolygon(const librevenge::RVNGPropertyList &p) override
	{
		points(p, true);
	}
	void drawPolyline(const librevenge::RVNGPropertyList &p) override
	{
		points(p, false);
	}
	void drawPath(const librevenge::RVNGPropertyList &p) override
	{
		const librevenge::RVNGPropertyListVector *d = p.child("svg:d");

		if (d)
			path(*d);
	}
	void drawGraphicObject(const librevenge::RVNGPropertyList &) override
	{
	}
	void drawConnector(const librevenge::RVNGPropertyList &) override
	{
	}
	void startTextObject(const librevenge::RVNGPropertyList &p) override
	{
		Obj *o = current(false);

		in_text_ = o != nullptr;
		if (!o)
			return;
		/* a second text after the same shape (or text on its own) is an object of its own
		 */
		if (o->has_text) {
			o = current(true);
			if (!o) {
				in_text_ = false;
				return;
			}
		}
		o->has_text = true;
		o->tx0 = num(p, "svg:x");
		o->ty0 = num(p, "svg:y");
		o->tx1 = o->tx0 + num(p, "svg:width");
		o->ty1 = o->ty0 + num(p, "svg:height");
	}
	void endTextObject() override
	{
		in_text_ = false;
	}
	void startTableObject(const librevenge::RVNGPropertyList &) override
	{
	}
	void openTableRow(const librevenge::RVNGPropertyList &) override
	{
	}
	void closeTableRow() override
	{
	}
	void openTableCell(const librevenge::RVNGPropertyList &) override
	{
	}
	void closeTableCell() override
	{
	}
	void insertCoveredTableCell(const librevenge::RVNGPropertyList &) override
	{
	}
	void endTableObject() override
	{
	}
	void insertTab() override
	{
		text(" ");
	}
	void insertSpace() override
	{
		text(" ");
	}
	void insertText(const librevenge::RVNGString &t) override
	{
		text(t.cstr());
	}
	void insertLineBreak() override
	{
		text("\n");
	}
	void insertField(const librevenge::RVNGPropertyList &) override
	{
	}
	void openOrderedListLevel(const librevenge::RVNGPropertyList &) override
	{
	}
	void openUnorderedListLevel(const librevenge::RVNGPropertyList &) override
	{
	}
	void closeOrderedListLevel() override
	{
	}
	void closeUnorderedListLevel() override
	{
	}
	void openListElement(const librevenge::RVNGPropertyList &) override
	{
	}
	void closeListElement() override
	{
	}
	void defineParagraphStyle(const librevenge::RVNGPropertyList &) override
	{
	}
	void openParagraph(const librevenge::RVNGPropertyList &) override
	{
	}
	void closeParagraph() override
	{
		text("\n");
	}
	void defineCharacterStyle(const librevenge::RVNGPropertyList &) override
	{
	}
	void openSpan(const librevenge::RVNGPropertyList &) override
	{
	}
	void closeSpan() override
	{
	}
	void openLink(const librevenge::RVNGPropertyList &) override
	{
	}
	void closeLink() override
	{
	}

      private:
	void text(const char *t)
	{
		Page *p = page();

		if (!in_text_ || !p || p->objs.empty())
			return;
		std::string &s = p->objs.back().text;
		if (s.size() + std::strlen(t) <= kMaxText)
			s += t;
	}
};

char *dup(const std::string &s)
{
	char *p = static_cast<char *>(std::malloc(s.size() + 1));

	if (!p)
		throw std::bad_alloc();
	std::memcpy(p, s.c_str(), s.size() + 1);
	return p;
}

void *alloc(size_t n, size_t size)
{
	void *p = std::calloc(n ? n : 1, size);

	if (!p)
		throw std::bad_alloc();
	return p;
}

void copy_out(vs_raw *raw, const std::vector<Page> &pages)
{
	raw->pages = static_cast<vs_raw_page *>(alloc(pages.size(), sizeof *raw->pages));
	for (const Page &pg : pages) {
		vs_raw_page *out = &raw->pages[raw->n++];

		out->name = dup(pg.name);
		out->width = pg.width;
		out->height = pg.height;
		out->objs = static_cast<vs_raw_obj *>(alloc(pg.objs.size(), sizeof *out->objs));
		for (const Obj &o : pg.objs) {
			vs_raw_obj *ro = &out->objs[out->n++];

			ro->layer = o.layer;
			ro->text = o.has_text ? dup(o.text) : nullptr;
			ro->tx0 = o.tx0;
			ro->ty0 = o.ty0;
			ro->tx1 = o.tx1;
			ro->ty1 = o.ty1;
			ro->paths =
			    static_cast<vs_raw_path *>(alloc(o.paths.size(), sizeof *ro->paths));
			if (!o.paths.empty())
				std::memcpy(ro->paths, o.paths.data(),
				            o.paths.size() * sizeof *ro->paths);
			ro->npaths = o.paths.size();
		}
	}
}

} // namespace

extern "C" int vs_vsd_parse(struct vs_raw *raw, const char *data, size_t len, char *err,
                            size_t errsz)
{
	try {
		if (len > 0x7fffffffu) {
			std::snprintf(err, errsz, "the drawing is too large");
			return -1;
		}
		librevenge::RVNGStringStream in(reinterpret_cast<const unsigned char *>(data),
		                                static_cast<unsigned int>(len));
		if (!libvisio::VisioDocument::isSupported(&in)) {
			std::snprintf(err, errsz,
			              "not a .vsd drawing libvisio can read (corrupt, or "
			              "another OLE2 file)");
			return -1;
		}
		in.seek(0, librevenge::RVNG_SEEK_SET);
		Collector c;
		if (!libvisio::VisioDocument::parse(&in, &c)) {
			std::snprintf(err, errsz,
			              "libvisio could not read the drawing (corrupt .vsd)");
			return -1;
		}
		copy_out(raw, c.pages);
		return 0;
	} catch (const std::exception &e) {
		std::snprintf(err, errsz, "reading the .vsd failed: %s", e.what());
	} catch (...) {
		std::snprintf(err, errsz, "reading the .vsd failed");
	}
	vs_raw_free(raw);
	return -1;
}
