export default definePageConfig({
  navigationBarTitleText: '我家信息',
  enablePullDownRefresh: true,
})
