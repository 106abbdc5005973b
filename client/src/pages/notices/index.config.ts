export default definePageConfig({
  navigationBarTitleText: '村内公示',
  enablePullDownRefresh: true,
})
