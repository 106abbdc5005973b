export default definePageConfig({
  navigationBarTitleText: '筛查预警',
})
