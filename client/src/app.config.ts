export default defineAppConfig({
  // Farmer pages live in the main package; staff pages in a subpackage so the farmer's download stays small.
  pages: [
    'pages/index/index',
    'pages/login/index',
    'pages/household/index',
    'pages/declare/index',
    'pages/notices/index',
    'pages/case/index',
    'pages/inbox/index',
    'pages/explainer/index',
    'pages/quiz/index',
  ],
  subPackages: [
    {
      root: 'packages/staff',
      pages: ['pages/tasks/index', 'pages/case/index', 'pages/household/index', 'pages/search/index', 'pages/visit-plan/index'],
    },
    {
      root: 'packages/county',
      pages: ['pages/codes/index', 'pages/import/index', 'pages/supervision/index', 'pages/explainers/index', 'pages/awareness/index'],
    },
    {
      root: 'packages/department',
      pages: ['pages/measures/index', 'pages/screening/index'],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f2f2f2',
    navigationBarBackgroundColor: '#b3261e',
    navigationBarTitleText: '防返贫监测',
    navigationBarTextStyle: 'white',
    // 'default' also draws Taro's navigation bar (title, back button) in H5.
    navigationStyle: 'default',
  },
})
