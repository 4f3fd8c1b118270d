/**
 * The route registry: every page of the web app, lazy-loaded. Add one entry per page (precise edit, never
 * a rewrite). `menu` = i18n key of the side-menu label (omit for pages reached by links);
 * `permission` = a TPermission the user needs ("public" = no login).
 */
import { type ComponentType, type LazyExoticComponent, lazy } from "react";

/** One page of the app. */
export interface TRouteEntry {
  /** react-router path, e.g. "/targets/:id". */
  path: string;
  /** The page, loaded on first visit. */
  component: LazyExoticComponent<ComponentType>;
  /** i18n key of the menu label; pages without it are not in the menu. */
  menu?: string;
  /** Menu group i18n key (optional). */
  group?: string;
  /** Permission needed; "public" pages need no login and render without the app shell's selectors. */
  permission?: string;
}

/** Every page. */
export const ROUTES: TRouteEntry[] = [
  {
    path: "/",
    component: lazy(() => import("./pages/overview/OverviewPage.tsx")),
    menu: "menu.overview",
    permission: "data.read",
  },
  {
    path: "/targets/:id",
    component: lazy(() => import("./pages/target/TargetPage.tsx")),
    permission: "data.read",
  },
  {
    path: "/units/:id",
    component: lazy(() => import("./pages/unit/UnitPage.tsx")),
    permission: "data.read",
  },
  {
    path: "/rankings",
    component: lazy(() => import("./pages/rankings/RankingsPage.tsx")),
    menu: "menu.rankings",
    permission: "data.read",
  },
  {
    path: "/map",
    component: lazy(() => import("./pages/map/MapPage.tsx")),
    menu: "menu.map",
    permission: "data.read",
  },
  {
    path: "/public",
    component: lazy(() => import("./pages/public/PublicPage.tsx")),
    menu: "menu.public",
    permission: "public",
  },
  {
    path: "/public/targets/:id",
    component: lazy(() => import("./pages/public/PublicTargetPage.tsx")),
    permission: "public",
  },
  {
    path: "/review",
    component: lazy(() => import("./pages/review/SessionsPage.tsx")),
    menu: "menu.review",
    permission: "data.read",
  },
  {
    path: "/review/sessions/:id",
    component: lazy(() => import("./pages/review/SessionPage.tsx")),
    permission: "data.read",
  },
  {
    path: "/review/tasks",
    component: lazy(() => import("./pages/review/TasksPage.tsx")),
    menu: "menu.reviewTasks",
    permission: "data.read",
  },
  {
    path: "/review/templates",
    component: lazy(() => import("./pages/review/TemplatesPage.tsx")),
    permission: "session.manage",
  },
  {
    path: "/review/tasks/:id",
    component: lazy(() => import("./pages/review/TaskPage.tsx")),
    permission: "data.read",
  },
  {
    path: "/evaluation",
    component: lazy(() => import("./pages/evaluation/RoundsPage.tsx")),
    menu: "menu.evaluation",
    permission: "data.read",
  },
  {
    path: "/evaluation/frameworks",
    component: lazy(() => import("./pages/evaluation/FrameworksPage.tsx")),
    permission: "data.read",
  },
  {
    path: "/evaluation/rounds/:id",
    component: lazy(() => import("./pages/evaluation/RoundPage.tsx")),
    permission: "data.read",
  },
  {
    path: "/evaluation/rounds/:id/units/:unitId",
    component: lazy(() => import("./pages/evaluation/SelfAssessmentPage.tsx")),
    permission: "data.read",
  },
  {
    path: "/evaluation/rounds/:id/appraise/:unitId",
    component: lazy(() => import("./pages/evaluation/AppraisalPage.tsx")),
    permission: "index.appraise",
  },
  {
    path: "/evaluation/rounds/:id/results",
    component: lazy(() => import("./pages/evaluation/ResultsPage.tsx")),
    permission: "data.read",
  },
  {
    path: "/community/teams",
    component: lazy(() => import("./pages/community/RegistryPage.tsx")),
    menu: "menu.communityTeams",
    permission: "teams.read",
  },
  {
    path: "/community/coverage",
    component: lazy(() => import("./pages/community/CoveragePage.tsx")),
    menu: "menu.communityCoverage",
    permission: "teams.read",
  },
  {
    path: "/community/programme",
    component: lazy(() => import("./pages/community/ProgrammePage.tsx")),
    menu: "menu.communityProgramme",
    permission: "teams.read",
  },
  {
    path: "/collection/owed",
    component: lazy(() => import("./pages/collection/OwedPage.tsx")),
    menu: "menu.collectionOwed",
    permission: "data.write",
  },
  {
    path: "/collection/rounds",
    component: lazy(() => import("./pages/collection/RoundsPage.tsx")),
    menu: "menu.collectionRounds",
    permission: "round.manage",
  },
  {
    path: "/collection/review",
    component: lazy(() => import("./pages/collection/ReviewQueuePage.tsx")),
    menu: "menu.collectionReview",
    permission: "data.review",
  },
  {
    path: "/collection/entry/:id",
    component: lazy(() => import("./pages/collection/EntryPage.tsx")),
    permission: "data.read",
  },
  {
    path: "/account",
    component: lazy(() => import("./pages/account/AccountPage.tsx")),
    menu: "menu.account",
    permission: "self",
  },
  {
    path: "/admin/users",
    component: lazy(() => import("./pages/users/UsersPage.tsx")),
    menu: "menu.users",
    permission: "users.manage",
  },
  {
    path: "/designer/plans",
    component: lazy(() => import("./pages/designer/PlansPage.tsx")),
    menu: "menu.designerPlans",
    permission: "plan.manage",
  },
  {
    path: "/designer/plans/import",
    component: lazy(() => import("./pages/designer/AnnexImportPage.tsx")),
    permission: "plan.manage",
  },
  {
    path: "/designer/plans/:id",
    component: lazy(() => import("./pages/designer/PlanEditorPage.tsx")),
    permission: "plan.manage",
  },
  {
    path: "/designer/indicators",
    component: lazy(() => import("./pages/designer/IndicatorsPage.tsx")),
    menu: "menu.designerIndicators",
    permission: "plan.manage",
  },
  {
    path: "/designer/forms",
    component: lazy(() => import("./pages/designer/FormsPage.tsx")),
    menu: "menu.designerForms",
    permission: "plan.manage",
  },
  {
    path: "/designer/units",
    component: lazy(() => import("./pages/designer/UnitsPage.tsx")),
    menu: "menu.designerUnits",
    permission: "units.manage",
  },
];
