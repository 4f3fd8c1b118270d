-- Administrative boundaries for the maps: one (simplified) GeoJSON geometry per unit, uploaded by an
-- administrator per level (provinces for the national map, communes for a provincial map) or generated
-- for the demo province. Geometry is stored as GeoJSON jsonb (no PostGIS: the same SQL runs on PGlite).
create table geo_boundary (
  id integer generated always as identity primary key,
  unit_id integer not null references org_unit (id),
  -- Distribution key: the province the unit lies in (the province itself for a province boundary).
  province_id integer references org_unit (id),
  parent_id integer references org_unit (id),
  level smallint not null,
  -- GeoJSON Polygon or MultiPolygon, WGS84 longitude/latitude, simplified at import.
  geometry jsonb not null,
  -- [minLon, minLat, maxLon, maxLat]
  bbox jsonb not null,
  point_count integer not null default 0,
  source text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint geo_boundary_unit unique (unit_id),
  constraint geo_boundary_geometry_type check (geometry ->> 'type' in ('Polygon', 'MultiPolygon'))
);
create index geo_boundary_parent_idx on geo_boundary (parent_id);
create index geo_boundary_province_idx on geo_boundary (province_id);

select attach_audit('geo_boundary');
